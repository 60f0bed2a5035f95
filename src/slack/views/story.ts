// The story form submitted: the person's own story, or a manager's draft of someone else's, which
// stays private until its author agrees.
import type { Messages } from "../../domain/i18n.ts";
import { findPii } from "../../domain/pii.ts";
import type { Team } from "../../domain/types.ts";
import { validateStoryForm } from "../../domain/validate.ts";
import type { Services } from "../../services.ts";
import { savedModal } from "../../views/goodCall.ts";
import { Field } from "../../views/ids.ts";
import { storyConsentRequest } from "../../views/managers.ts";
import { mention } from "../../views/text.ts";
import { Metadata } from "../../views/values.ts";
import { openDm } from "../../web.ts";
import { actorFor, authorize } from "../access.ts";
import type { SubmitArgs } from "../args.ts";
import { speakerFor } from "../context.ts";
import { announceStory } from "../flows/story.ts";
import { fieldError, fieldText, formErrors, formTeam, viewState } from "../forms.ts";

/** The form's blocks that each validation error belongs to. */
const ERROR_FIELDS = { team: Field.Team, title: Field.Title, body: Field.Body, quote: Field.Quote };

export function submitStory(services: Services) {
  return async ({ ack, body, view, client }: SubmitArgs): Promise<void> => {
    const actor = await actorFor(services, body.user.id);
    const userId = actor.userId;
    const metadata = Metadata.story.decode(view.private_metadata);
    const state = viewState.safeParse(view.state.values);
    const named = metadata && state.success ? await formTeam(services, metadata.teamId, state.data) : null;
    const team = named?.kind === "team" ? named.team : null;
    const { t } = await speakerFor(services, client, userId, team);
    if (!metadata || !state.success) return ack(fieldError(Field.Body, t.somethingWentWrong));
    if (named?.kind === "gone") return ack(fieldError(Field.Body, t.entryGone));
    const form = validateStoryForm(
      {
        title: fieldText(state.data, Field.Title),
        body: fieldText(state.data, Field.Body),
        quote: fieldText(state.data, Field.Quote),
        goodCallId: fieldText(state.data, Field.RelatedGoodCall),
      },
      t,
    );
    const fieldErrors = form.ok ? {} : form.errors;
    // Every problem in one answer, the missing team with the rest.
    if (!team) return ack(formErrors({ ...fieldErrors, team: t.chooseTeam }, ERROR_FIELDS));
    // The metadata or the menu names any team: a story is shared in a team by its members, and
    // drafted from someone's good call only by the team's managers.
    const request = metadata.consentFor
      ? ({ kind: "manage", teamId: team.id } as const)
      : ({ kind: "team", teamId: team.id } as const);
    const field = named?.kind === "team" && named.picked ? Field.Team : Field.Body;
    const reply = { surface: { kind: "form", ack, field } as const, t, managerIds: team.managerIds };
    if (!(await authorize(services, actor, request, reply))) return;
    if (!form.ok) return ack(formErrors(form.errors, ERROR_FIELDS));
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
    const goodCallId = await ownGoodCallId(services, form.value.goodCallId, userId, team.id);
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
      if (saved) await announceStory(services, client, team, saved);
    });
  };
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
  // Access (managers of the team) is decided before; this checks the draft is of that team's call.
  if (!call || call.authorId !== authorId || call.teamId !== team.id) {
    return ctx.ack(fieldError(Field.Body, ctx.t.entryGone));
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
    view: savedModal(ctx.t, [ctx.t.storyConsentSent(mention(authorId))]),
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

/** A story may only link to one of its author's own good calls, in the same team. */
async function ownGoodCallId(
  services: Services,
  id: number | null,
  userId: string,
  teamId: string,
): Promise<number | null> {
  if (id === null) return null;
  const owner = await services.entries.whose({ kind: "goodCall", id });
  return owner?.authorId === userId && owner.teamId === teamId ? id : null;
}
