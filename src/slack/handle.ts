// The one place errors end up: a person gets a clear reply, and the log gets one entry with context.
import type { AllMiddlewareArgs, AnyMiddlewareArgs, App } from "@slack/bolt";
import { languageFromLocale, messages } from "../domain/i18n.ts";
import type { Services } from "../services.ts";

/** Ids worth logging with an error; never text, which may carry customer details. */
function describe(body: AnyMiddlewareArgs["body"]): Record<string, unknown> {
  const b = body as Record<string, unknown>;
  const user = (b.user as { id?: string } | undefined)?.id ?? b.user_id;
  return {
    type: b.type ?? (b.command ? "slash_command" : undefined),
    command: b.command,
    userId: user,
    channelId: b.channel_id ?? (b.channel as { id?: string } | undefined)?.id,
    callbackId:
      (b.view as { callback_id?: string } | undefined)?.callback_id ??
      b.callback_id ??
      (b.event as { function?: { callback_id?: string } } | undefined)?.function?.callback_id,
  };
}

/**
 * The first of our global middlewares, for every request: in OAuth mode (`workspaceScoped`) everything
 * a listener does for the request, including work after its ack, sees only the request's workspace's
 * teams (src/db/teams.ts), and a request naming no workspace sees none; and whatever fails is answered
 * here. One middleware rather than two: Bolt copies the request's arguments for every step.
 */
export function registerErrorHandling(app: App, services: Services, workspaceScoped: boolean): void {
  // The apology is tracked with the run it answers, so shutdown (and a test) waits for both.
  const handle = (args: AnyMiddlewareArgs & AllMiddlewareArgs) =>
    services.background.track(runAnswered(services, args));
  app.use((args) => {
    if (!workspaceScoped) return handle(args);
    const { context } = args;
    const workspace = { id: context.teamId ?? "", enterpriseId: context.enterpriseId ?? null };
    return services.workspaceScope.run(workspace, () => handle(args));
  });
}

async function runAnswered(services: Services, args: AnyMiddlewareArgs & AllMiddlewareArgs): Promise<void> {
  try {
    await args.next();
  } catch (error) {
    const respond = "respond" in args ? args.respond : undefined;
    const ack = "ack" in args ? (args.ack as (() => Promise<void>) | undefined) : undefined;
    const context = describe(args.body);
    // Refusals a person can act on ("gone", "not yours", "already done") are answered by the
    // listener on the surface they used (an ack, a form field, the message); what arrives here
    // is unexpected, so it is logged once and the person gets a plain apology.
    services.logger.error({ err: error, ...context }, "listener failed");
    // The team's language is not known here without more lookups that might fail too; the
    // person's own Slack language is, when we have seen them before.
    const userId = typeof context.userId === "string" ? context.userId : "";
    const language = languageFromLocale(await services.people.locale(userId).catch(() => null)) ?? "en";
    const text = messages(language).somethingWentWrong;
    // The listener may have failed before acknowledging; a second ack is refused, which is fine.
    await ack?.().catch(() => undefined);
    await respond?.({ response_type: "ephemeral", replace_original: false, text }).catch(() => undefined);
    // A Workflow Builder step not yet ended would stay "in progress" in the workflow until Slack gives up.
    const step = "fail" in args && "complete" in args ? { fail: args.fail, complete: args.complete } : null;
    if (step?.fail && !step.fail.hasBeenCalled() && !step.complete?.hasBeenCalled())
      await step.fail({ error: text }).catch(() => undefined);
  }
}
