// Button clicks: add details, undo, appreciate, and the buttons that open forms.
import type { AllMiddlewareArgs, App, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { z } from "zod";
import type { Services } from "../../services.ts";
import { goodCallModal } from "../../views/goodCall.ts";
import { ActionId } from "../../views/ids.ts";
import { openGoodCallModal, openSettingsIfManager } from "../commands/goodcall.ts";
import { openStoryModal } from "../commands/story.ts";
import { speakerFor } from "../context.ts";
import { markFeedMessageRemoved, refreshFeedMessage } from "../feed.ts";
import { registerLoopActions } from "./loop.ts";
import { registerManagerActions } from "./managers.ts";

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

const entryId = z.coerce.number().int().positive();
const entryRef = z
  .string()
  .regex(/^(gc|st):\d+$/)
  .transform((value) => {
    const [kind, id] = value.split(":");
    return { kind: kind === "gc" ? ("goodCall" as const) : ("story" as const), id: Number(id) };
  });

export function registerActions(app: App, services: Services): void {
  registerManagerActions(app, services);
  registerLoopActions(app, services);
  app.action<BlockButtonAction>(ActionId.ForgetYes, async ({ ack, body, action, client, respond }) => {
    await ack();
    const { t } = await speakerFor(services, client, body.user.id, null);
    // Only the person who asked can confirm, and only for themselves.
    if (action.value !== body.user.id) {
      await respond({ response_type: "ephemeral", replace_original: false, text: t.undoNotYours });
      return;
    }
    const managed = await services.teams.managedBy(body.user.id);
    const deleted = await services.personalData.forget(body.user.id);
    services.logger.info({ userId: body.user.id, ...deleted }, "personal data deleted on request");
    const text = [
      t.forgetDone(deleted.goodCalls, deleted.stories),
      managed.length > 0 ? t.forgetKeptManager : "",
    ]
      .filter(Boolean)
      .join(" ");
    await respond({ replace_original: true, text });
  });
  app.action<BlockButtonAction>(ActionId.ForgetNo, async ({ ack, body, client, respond }) => {
    await ack();
    const { t } = await speakerFor(services, client, body.user.id, null);
    await respond({ replace_original: true, text: t.forgetCancelled });
  });
  app.action<BlockButtonAction>(ActionId.AddDetails, (args) => addDetails(services, args));
  app.action<BlockButtonAction>(ActionId.Undo, (args) => undo(services, args));
  app.action<BlockButtonAction>(ActionId.Appreciate, (args) => appreciate(services, args));
  app.action<BlockButtonAction>(ActionId.OpenGoodCallModal, ({ ack, body, client }) =>
    openGoodCallModal(services, {
      ack: () => ack(),
      client,
      userId: body.user.id,
      ...(body.channel?.id ? { channelId: body.channel.id } : {}),
      triggerId: body.trigger_id,
    }),
  );
  app.action<BlockButtonAction>(ActionId.OpenStoryModal, async ({ ack, body, client }) => {
    await ack();
    await openStoryModal(services, client, {
      userId: body.user.id,
      ...(body.channel?.id ? { channelId: body.channel.id } : {}),
      triggerId: body.trigger_id,
      draft: {},
      metadata: {},
    });
  });
  app.action<BlockButtonAction>(ActionId.OpenSettings, async ({ ack, body, client, action, respond }) => {
    await ack();
    const team = await services.teams.find(action.value ?? "");
    if (!team) return;
    const refusal = await openSettingsIfManager(services, client, team, body.user.id, body.trigger_id);
    if (refusal) await respond({ response_type: "ephemeral", replace_original: false, text: refusal });
  });
}

/**
 * The good call a button names, if the person clicking is its author; otherwise they are told why
 * not and null comes back. Add details and Undo both start here.
 */
async function ownGoodCall(
  services: Services,
  { body, action, client, respond }: ButtonArgs,
  purpose: "edit" | "undo",
) {
  const id = entryId.safeParse(action.value);
  const call = id.success ? await services.entries.findGoodCall(id.data) : null;
  const team = call ? await services.teams.find(call.teamId) : null;
  const { t } = await speakerFor(services, client, body.user.id, team);
  if (!call || !team) {
    await respond({ response_type: "ephemeral", replace_original: purpose === "undo", text: t.entryGone });
    return null;
  }
  if (call.authorId !== body.user.id) {
    services.logger.warn({ goodCallId: call.id, userId: body.user.id, purpose }, "refused: not the author");
    await respond({ response_type: "ephemeral", replace_original: false, text: t.undoNotYours });
    return null;
  }
  return { call, team, t };
}

async function addDetails(services: Services, args: ButtonArgs): Promise<void> {
  await args.ack();
  const own = await ownGoodCall(services, args, "edit");
  if (!own) return;
  await args.client.views.open({
    trigger_id: args.body.trigger_id,
    view: goodCallModal({
      t: own.t,
      metadata: { teamId: own.team.id, goodCallId: own.call.id },
      teams: null,
      draft: own.call,
      defaultCurrency: own.team.usualLimit?.currency ?? "EUR",
    }),
  });
}

async function undo(services: Services, args: ButtonArgs): Promise<void> {
  await args.ack();
  const own = await ownGoodCall(services, args, "undo");
  if (!own) return;
  const { call, team, t } = own;
  await services.entries.deleteGoodCall(call.id);
  services.logger.info({ goodCallId: call.id, userId: args.body.user.id }, "good call undone");
  await args.respond({ response_type: "ephemeral", replace_original: true, text: t.undone });
  if (call.feedTs) await markFeedMessageRemoved(args.client, team, call.feedTs);
}

async function appreciate(
  services: Services,
  { ack, body, action, client, respond }: ButtonArgs,
): Promise<void> {
  await ack();
  const ref = entryRef.safeParse(action.value);
  const { t } = await speakerFor(services, client, body.user.id, null);
  if (!ref.success) {
    await respond({ response_type: "ephemeral", replace_original: false, text: t.entryGone });
    return;
  }
  const outcome = await services.entries.appreciate(ref.data, body.user.id, null, services.now());
  const reply = {
    recorded: t.appreciated,
    duplicate: t.alreadyAppreciated,
    self: t.selfAppreciation,
    missing: t.entryGone,
  }[outcome.result];
  await respond({ response_type: "ephemeral", replace_original: false, text: reply });
  if (outcome.result === "recorded") {
    services.logger.info({ ...ref.data, userId: body.user.id }, "appreciation recorded");
    await refreshFeedMessage(services, client, ref.data);
  }
}
