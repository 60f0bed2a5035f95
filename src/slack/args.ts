// What Bolt hands each kind of listener, named once so listener files read the same way.
import type {
  AllMiddlewareArgs,
  BlockButtonAction,
  BlockStaticSelectAction,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackEventMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from "@slack/bolt";

export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;
export type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;
export type SelectArgs = SlackActionMiddlewareArgs<BlockStaticSelectAction> & AllMiddlewareArgs;
export type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;
/** A Workflow Builder step run: its inputs, and `complete` / `fail` to end it. */
export type StepArgs = SlackEventMiddlewareArgs<"function_executed"> & AllMiddlewareArgs;

/** A callback for one id, with what Bolt hands that kind of listener. */
export type Route<A> = (args: A) => Promise<void>;
