// The thanks form submitted from a manager's DM: the appreciation, then the DM marked "Thanked ✓".
import { entryRequest } from "../../domain/access.ts";
import { LIMITS } from "../../domain/validate.ts";
import type { Services } from "../../services.ts";
import { Field } from "../../views/ids.ts";
import { thanksReply } from "../../views/replies.ts";
import { mention } from "../../views/text.ts";
import { Metadata } from "../../views/values.ts";
import { actorFor, authorize } from "../access.ts";
import type { SubmitArgs } from "../args.ts";
import { speakerFor } from "../context.ts";
import { markThankedInDm, recordThanks } from "../flows/thanks.ts";
import { fieldError, fieldText, viewState } from "../forms.ts";

export function submitThanks(services: Services) {
  return async ({ ack, body, view, client }: SubmitArgs): Promise<void> => {
    const actor = await actorFor(services, body.user.id);
    const userId = actor.userId;
    const metadata = Metadata.thanks.decode(view.private_metadata);
    const owner = metadata ? await services.entries.whose(metadata.entry) : null;
    const { t } = await speakerFor(services, client, userId, null);
    const state = viewState.safeParse(view.state.values);
    const note = state.success ? (fieldText(state.data, Field.Note)?.trim() ?? "") : "";
    if (!metadata || !owner) return ack(fieldError(Field.Note, t.entryGone));
    // The metadata names any entry; only the members of its team may thank for it,
    // and a private good call only its team's managers.
    const surface = { kind: "form", ack, field: Field.Note } as const;
    if (!(await authorize(services, actor, entryRequest(owner), { surface, t }))) return;
    const length = [...note].length;
    if (length > LIMITS.noteMax) return ack(fieldError(Field.Note, t.fieldTooLong(LIMITS.noteMax, length)));
    const outcome = await recordThanks(services, client, metadata.entry, userId, note || null);
    if (outcome.result !== "recorded") {
      return ack(fieldError(Field.Note, thanksReply(t, outcome.result, mention(outcome.authorId ?? ""))));
    }
    await ack();
    const { channel, ts } = metadata;
    if (channel && ts) {
      services.background.run("thanked button", { userId }, () =>
        markThankedInDm(services, client, userId, channel, ts),
      );
    }
  };
}
