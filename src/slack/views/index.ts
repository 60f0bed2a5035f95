// Form submissions: good call, story and team settings. Field errors go back into the form.
import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { DateTime } from "luxon";
import { z } from "zod";
import type { Messages } from "../../domain/i18n.ts";
import { findPii } from "../../domain/pii.ts";
import { promiseDueAt } from "../../domain/promise.ts";
import { MANAGER_PREFERENCES, type Team } from "../../domain/types.ts";
import { validateGoodCallForm, validateSettingsForm, validateStoryForm } from "../../domain/validate.ts";
import { sendInstantDms } from "../../jobs/dms.ts";
import type { Services } from "../../services.ts";
import { goodCallConfirmation, savedModal } from "../../views/goodCall.ts";
import { CallbackId, Field } from "../../views/ids.ts";
import { storyConsentRequest } from "../../views/managers.ts";
import { openDm } from "../../web.ts";
import { markThankedInDm } from "../actions/managers.ts";
import { afterGoodCall } from "../commands/goodcall.ts";
import { speakerFor } from "../context.ts";
import { postStoryToFeed, refreshFeedMessage } from "../feed.ts";
import { parseEntryKey, recordThanks } from "../thanks.ts";
import { registerLoopViews } from "./loop.ts";
import { fieldChoices, fieldText, parseMetadata, type ViewState, viewState } from "./state.ts";

type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

const goodCallMetadata = z.object({
  teamId: z.string().optional(),
  goodCallId: z.number().int().positive().optional(),
  channelId: z.string().optional(),
});
const storyMetadata = z.object({
  teamId: z.string().optional(),
  source: z.object({ channelId: z.string(), messageTs: z.string() }).optional(),
  consentFor: z.string().optional(),
  goodCallId: z.number().int().positive().optional(),
});
const thanksMetadata = z.object({
  key: z.string(),
  channel: z.string().optional(),
  ts: z.string().optional(),
});
const settingsMetadata = z.object({ teamId: z.string() });

export function registerViews(app: App, services: Services): void {
  app.view<ViewSubmitAction>(CallbackId.GoodCallModal, (args) => submitGoodCall(services, args));
  app.view<ViewSubmitAction>(CallbackId.StoryModal, (args) => submitStory(services, args));
  app.view<ViewSubmitAction>(CallbackId.SettingsModal, (args) => submitSettings(services, args));
  app.view<ViewSubmitAction>(CallbackId.ThanksModal, (args) => submitThanks(services, args));
  registerLoopViews(app, services);
}

function followUpDue(from: Date, days: number): Date {
  return new Date(from.getTime() + days * 24 * 3600_000);
}

/** Maps our field names to the form's block ids for `response_action: errors`. */
function formErrors(errors: Record<string, string | undefined>, blockIds: Record<string, string>) {
  const result: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors)) {
    const blockId = blockIds[field];
    if (message && blockId) result[blockId] = message;
  }
  return { response_action: "errors" as const, errors: result };
}

/** The team a form is for: fixed in the metadata, or chosen in the form by someone in that team. */
async function formTeam(
  services: Services,
  metadataTeamId: string | undefined,
  state: ViewState,
  userId: string,
) {
  const teamId = metadataTeamId ?? fieldText(state, Field.Team);
  if (!teamId) return null;
  const team = await services.teams.find(teamId);
  if (!team) return null;
  if (!metadataTeamId) {
    const mine = await services.teams.teamsOf(userId);
    if (!mine.some((t) => t.id === team.id)) return null;
  }
  return team;
}

async function refuse(ack: SubmitArgs["ack"], field: string, message: string): Promise<void> {
  await ack({ response_action: "errors", errors: { [field]: message } });
}

async function submitGoodCall(services: Services, { ack, body, view, client }: SubmitArgs): Promise<void> {
  const userId = body.user.id;
  const metadata = parseMetadata(goodCallMetadata, view.private_metadata);
  const state = viewState.safeParse(view.state.values);
  const team =
    metadata && state.success ? await formTeam(services, metadata.teamId, state.data, userId) : null;
  const { t, language } = await speakerFor(services, client, userId, team);
  if (!metadata || !state.success) {
    await refuse(ack, Field.What, t.somethingWentWrong);
    return;
  }
  if (!team) {
    await refuse(
      ack,
      metadata.teamId ? Field.What : Field.Team,
      metadata.teamId ? t.entryGone : t.chooseTeam,
    );
    return;
  }
  const form = validateGoodCallForm(
    {
      what: fieldText(state.data, Field.What),
      why: fieldText(state.data, Field.Why),
      tags: fieldText(state.data, Field.Tags),
      amount: fieldText(state.data, Field.Amount),
      currency: fieldText(state.data, Field.Currency),
      followUp: fieldChoices(state.data, Field.FollowUp).includes("yes"),
    },
    t,
  );
  if (!form.ok) {
    await ack(
      formErrors(form.errors, {
        what: Field.What,
        why: Field.Why,
        tags: Field.Tags,
        amount: Field.Amount,
        currency: Field.Currency,
      }),
    );
    return;
  }
  const promiseDue = fieldText(state.data, Field.PromiseDue);
  const today = DateTime.fromJSDate(services.now(), { zone: team.timeZone }).toISODate() ?? "";
  if (promiseDue && (!/^\d{4}-\d{2}-\d{2}$/.test(promiseDue) || promiseDue < today)) {
    return refuse(ack, Field.PromiseDue, t.promiseInPast);
  }
  const piiFound = findPii(`${form.value.what}\n${form.value.why ?? ""}`).length > 0;
  const input = {
    ...form.value,
    teamId: team.id,
    flaggedPii: piiFound,
    promise: promiseDue ? { due: promiseDue, remindAt: promiseDueAt(promiseDue, team.timeZone) } : null,
  };

  if (metadata.goodCallId !== undefined) {
    const existing = await services.entries.findGoodCall(metadata.goodCallId);
    if (!existing) return refuse(ack, Field.What, t.entryGone);
    if (existing.authorId !== userId) return refuse(ack, Field.What, t.undoNotYours);
    const updated = await services.entries.updateGoodCall(existing.id, {
      ...input,
      followUpDueAt: followUpDue(existing.createdAt, team.followUpDays),
      // An edit keeps a promise that is already settled as it is.
      ...(existing.promiseStatus && existing.promiseStatus !== "pending" ? { promise: undefined } : {}),
    });
    await ack(
      piiFound ? { response_action: "update", view: savedModal(t, [t.updated, t.piiWarning]) } : undefined,
    );
    services.logger.info({ goodCallId: updated.id, userId }, "good call edited");
    services.background.run("feed refresh", { goodCallId: updated.id }, () =>
      refreshFeedMessage(services, client, { kind: "goodCall", id: updated.id }),
    );
    return;
  }

  const call = await services.entries.createGoodCall(
    {
      ...input,
      authorId: userId,
      source: "modal",
      followUpDueAt: followUpDue(services.now(), team.followUpDays),
    },
    services.now(),
  );
  await ack(
    piiFound
      ? { response_action: "update", view: savedModal(t, [t.savedGoodCall, t.piiWarning]) }
      : undefined,
  );
  services.logger.info({ goodCallId: call.id, teamId: team.id, userId, source: "modal" }, "good call logged");
  afterGoodCall(services, client, team, call);
  if (metadata.channelId) {
    const channel = metadata.channelId;
    // Best effort: the app may not be in the channel the form was opened from.
    services.background.run("modal confirmation", { goodCallId: call.id }, () =>
      client.chat
        .postEphemeral({
          channel,
          user: userId,
          ...goodCallConfirmation({ t, language, call, piiFound: false, teamName: null }),
        })
        .catch((error: unknown) =>
          services.logger.debug({ err: error, goodCallId: call.id }, "no confirmation in that channel"),
        ),
    );
  }
}

async function submitStory(services: Services, { ack, body, view, client }: SubmitArgs): Promise<void> {
  const userId = body.user.id;
  const metadata = parseMetadata(storyMetadata, view.private_metadata);
  const state = viewState.safeParse(view.state.values);
  const team =
    metadata && state.success ? await formTeam(services, metadata.teamId, state.data, userId) : null;
  const { t } = await speakerFor(services, client, userId, team);
  if (!metadata || !state.success) return refuse(ack, Field.Body, t.somethingWentWrong);
  if (!team)
    return refuse(
      ack,
      metadata.teamId ? Field.Body : Field.Team,
      metadata.teamId ? t.entryGone : t.chooseTeam,
    );
  const form = validateStoryForm(
    {
      title: fieldText(state.data, Field.Title),
      body: fieldText(state.data, Field.Body),
      quote: fieldText(state.data, Field.Quote),
      goodCallId: fieldText(state.data, Field.RelatedGoodCall),
    },
    t,
  );
  if (!form.ok) {
    await ack(formErrors(form.errors, { title: Field.Title, body: Field.Body, quote: Field.Quote }));
    return;
  }
  const piiFound = findPii(`${form.value.title}\n${form.value.body}\n${form.value.quote ?? ""}`).length > 0;
  if (metadata.consentFor) {
    return draftStoryForConsent(
      services,
      { ack, client, userId, t },
      team,
      { ...form.value, piiFound },
      metadata.consentFor,
      metadata.goodCallId,
    );
  }
  const goodCallId = await ownGoodCall(services, form.value.goodCallId, userId);
  // Saved before the ack so nothing is lost; the permalink and the feed post follow after it.
  const story = await services.entries.createStory(
    { ...form.value, goodCallId, teamId: team.id, authorId: userId, permalink: null, flaggedPii: piiFound },
    services.now(),
  );
  await ack(
    piiFound ? { response_action: "update", view: savedModal(t, [t.savedStory, t.piiWarning]) } : undefined,
  );
  services.logger.info({ storyId: story.id, teamId: team.id, userId }, "story shared");
  const source = metadata.source;
  services.background.run("story follow-ups", { storyId: story.id, teamId: team.id }, async () => {
    await services.teams.addMember(team.id, userId);
    if (source) {
      const link = await client.chat
        .getPermalink({ channel: source.channelId, message_ts: source.messageTs })
        .then((r) => r.permalink ?? null)
        .catch((error: unknown) => {
          services.logger.warn(
            { err: error, storyId: story.id },
            "permalink lookup failed; the story is kept without it",
          );
          return null;
        });
      if (link) await services.entries.setStoryPermalink(story.id, link);
    }
    const saved = await services.entries.findStory(story.id);
    if (!saved) return;
    await Promise.allSettled([
      postStoryToFeed(services, client, team, saved).catch((error: unknown) =>
        services.logger.warn({ err: error, storyId: saved.id, teamId: team.id }, "feed post failed"),
      ),
      sendInstantDms({ services, client }, team, { kind: "story", story: saved }, services.now()),
    ]);
  });
}

/**
 * A manager's story drafted from someone's good call is the author's story: it stays private and
 * the author is asked by DM whether to share it.
 */
async function draftStoryForConsent(
  services: Services,
  ctx: { ack: SubmitArgs["ack"]; client: SubmitArgs["client"]; userId: string; t: Messages },
  team: Team,
  form: { title: string; body: string; quote: string | null; piiFound: boolean },
  authorId: string,
  goodCallId: number | undefined,
): Promise<void> {
  const call = goodCallId ? await services.entries.findGoodCall(goodCallId) : null;
  if (
    !call ||
    call.authorId !== authorId ||
    call.teamId !== team.id ||
    !team.managerIds.includes(ctx.userId)
  ) {
    return refuse(ctx.ack, Field.Body, ctx.t.entryGone);
  }
  const story = await services.entries.createStory(
    {
      title: form.title,
      body: form.body,
      quote: form.quote,
      goodCallId: call.id,
      teamId: team.id,
      authorId,
      permalink: null,
      flaggedPii: form.piiFound,
      pendingConsent: true,
    },
    services.now(),
  );
  await ctx.ack({
    response_action: "update",
    view: savedModal(ctx.t, [ctx.t.storyConsentSent(`<@${authorId}>`)]),
  });
  services.logger.info(
    { storyId: story.id, teamId: team.id, userId: ctx.userId },
    "story drafted for its author's consent",
  );
  services.background.run("story consent request", { storyId: story.id }, async () => {
    const { t } = await speakerFor(services, ctx.client, authorId, team);
    const channel = await openDm(ctx.client, authorId);
    await ctx.client.chat.postMessage({ channel, ...storyConsentRequest(t, ctx.userId, story) });
  });
}

async function submitThanks(services: Services, { ack, body, view, client }: SubmitArgs): Promise<void> {
  const userId = body.user.id;
  const metadata = parseMetadata(thanksMetadata, view.private_metadata);
  const ref = parseEntryKey(metadata?.key);
  const { t } = await speakerFor(services, client, userId, null);
  const state = viewState.safeParse(view.state.values);
  const note = state.success ? (fieldText(state.data, Field.Note)?.trim() ?? "") : "";
  if (!metadata || !ref) return refuse(ack, Field.Note, t.entryGone);
  if ([...note].length > 500) return refuse(ack, Field.Note, t.fieldTooLong(500, [...note].length));
  const outcome = await recordThanks(services, client, ref, userId, note || null);
  const to = `<@${outcome.authorId ?? ""}>`;
  if (outcome.result === "missing") return refuse(ack, Field.Note, t.entryGone);
  if (outcome.result === "self") return refuse(ack, Field.Note, t.thanksSelf);
  if (outcome.result === "duplicate") return refuse(ack, Field.Note, t.alreadyThanked(to));
  await ack();
  if (metadata.channel && metadata.ts) {
    const { channel, ts } = metadata;
    services.background.run("thanked button", { userId }, () =>
      markThankedInDm(services, client, userId, channel, ts),
    );
  }
}

/** A story may only link to one of its author's own good calls. */
async function ownGoodCall(services: Services, id: number | null, userId: string): Promise<number | null> {
  if (id === null) return null;
  const call = await services.entries.findGoodCall(id);
  return call?.authorId === userId ? call.id : null;
}

async function submitSettings(services: Services, { ack, body, view, client }: SubmitArgs): Promise<void> {
  const userId = body.user.id;
  const metadata = parseMetadata(settingsMetadata, view.private_metadata);
  const state = viewState.safeParse(view.state.values);
  const team: Team | null = metadata ? await services.teams.find(metadata.teamId) : null;
  const { t } = await speakerFor(services, client, userId, team);
  if (!team || !state.success) return refuse(ack, Field.Managers, t.entryGone);
  if (!team.managerIds.includes(userId)) {
    services.logger.warn({ teamId: team.id, userId }, "settings change refused: not a manager");
    return refuse(ack, Field.Managers, t.setupNotManager(team.managerIds.map((id) => `<@${id}>`).join(", ")));
  }
  const form = validateSettingsForm(
    {
      managerIds: fieldChoices(state.data, Field.Managers),
      timeZone: fieldText(state.data, Field.TimeZone),
      digestDay: fieldText(state.data, Field.DigestDay),
      digestTime: fieldText(state.data, Field.DigestTime),
      language: fieldText(state.data, Field.Language),
      feed: fieldChoices(state.data, Field.Feed).includes("on"),
      limitAmount: fieldText(state.data, Field.LimitAmount),
      limitCurrency: fieldText(state.data, Field.LimitCurrency),
      followUpDays: fieldText(state.data, Field.FollowUpDays),
    },
    t,
  );
  if (!form.ok) {
    await ack(
      formErrors(form.errors, {
        managers: Field.Managers,
        timeZone: Field.TimeZone,
        digestDay: Field.DigestDay,
        digestTime: Field.DigestTime,
        language: Field.Language,
        limitAmount: Field.LimitAmount,
        limitCurrency: Field.LimitCurrency,
        followUpDays: Field.FollowUpDays,
      }),
    );
    return;
  }
  await services.teams.updateSettings(team.id, form.value);
  const preference = MANAGER_PREFERENCES.find((p) => p === fieldText(state.data, Field.Preference));
  if (preference) await services.teams.setManagerPreference(team.id, userId, preference);
  await ack();
  services.logger.info({ teamId: team.id, userId }, "team settings saved");
  services.background.run("settings confirmation", { teamId: team.id }, () =>
    client.chat.postEphemeral({ channel: team.id, user: userId, text: t.settingsSaved }),
  );
}
