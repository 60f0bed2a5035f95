// The optional note after answering "did it help?".
import { LIMITS } from "../../domain/validate.ts";
import type { Services } from "../../services.ts";
import { Field } from "../../views/ids.ts";
import { Metadata } from "../../views/values.ts";
import { actorFor, authorize } from "../access.ts";
import type { SubmitArgs } from "../args.ts";
import { speakerFor } from "../context.ts";
import { fieldError, fieldText, viewState } from "../forms.ts";

export function submitOutcomeNote(services: Services) {
  return async ({ ack, body, view, client }: SubmitArgs): Promise<void> => {
    const actor = await actorFor(services, body.user.id);
    const metadata = Metadata.outcomeNote.decode(view.private_metadata);
    const owner = metadata
      ? await services.entries.whose({ kind: "goodCall", id: metadata.goodCallId })
      : null;
    const state = viewState.safeParse(view.state.values);
    const note = state.success ? (fieldText(state.data, Field.Note)?.trim() ?? "") : "";
    const { t } = await speakerFor(services, client, actor.userId, null);
    if (!metadata || !owner) return ack(fieldError(Field.Note, t.entryGone));
    const request = { kind: "author", teamId: owner.teamId, authorId: owner.authorId } as const;
    const surface = { kind: "form", ack, field: Field.Note } as const;
    if (!(await authorize(services, actor, request, { surface, t }))) return;
    const length = [...note].length;
    if (length > LIMITS.noteMax) return ack(fieldError(Field.Note, t.fieldTooLong(LIMITS.noteMax, length)));
    if (note) await services.loop.setOutcomeNote(metadata.goodCallId, actor.userId, note);
    await ack();
  };
}
