// The optional note after answering "did it help?".
import { LIMITS } from "../../domain/validate.ts";
import type { Services } from "../../services.ts";
import { Field } from "../../views/ids.ts";
import { Metadata } from "../../views/values.ts";
import type { SubmitArgs } from "../args.ts";
import { speakerFor } from "../context.ts";
import { fieldError, fieldText, viewState } from "../forms.ts";

export function submitOutcomeNote(services: Services) {
  return async ({ ack, body, view, client }: SubmitArgs): Promise<void> => {
    const metadata = Metadata.outcomeNote.decode(view.private_metadata);
    const state = viewState.safeParse(view.state.values);
    const note = state.success ? (fieldText(state.data, Field.Note)?.trim() ?? "") : "";
    const { t } = await speakerFor(services, client, body.user.id, null);
    if (!metadata) return ack(fieldError(Field.Note, t.entryGone));
    const length = [...note].length;
    if (length > LIMITS.noteMax) return ack(fieldError(Field.Note, t.fieldTooLong(LIMITS.noteMax, length)));
    if (note) await services.loop.setOutcomeNote(metadata.goodCallId, body.user.id, note);
    await ack();
  };
}
