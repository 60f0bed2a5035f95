// Reading a submitted form: Slack's view state (block_id → action_id → element state) through zod,
// so a malformed or forged submission is refused instead of half-read; the team a form is for; and
// field errors sent back.
import { z } from "zod";
import type { Team } from "../domain/types.ts";
import type { Services } from "../services.ts";
import { Field } from "../views/ids.ts";

const elementState = z
  .object({
    type: z.string(),
    value: z.string().nullish(),
    selected_option: z.object({ value: z.string() }).nullish(),
    selected_options: z.array(z.object({ value: z.string() })).nullish(),
    selected_users: z.array(z.string()).nullish(),
    selected_time: z.string().nullish(),
    selected_date: z.string().nullish(),
  })
  .loose();

export const viewState = z.record(z.string(), z.record(z.string(), elementState));
export type ViewState = z.infer<typeof viewState>;

/** One field's value as text: the typed text, the chosen option, or the chosen time. */
export function fieldText(state: ViewState, field: string): string | null {
  const element = state[field]?.[field];
  if (!element) return null;
  return (
    element.value ?? element.selected_option?.value ?? element.selected_time ?? element.selected_date ?? null
  );
}

export function fieldChoices(state: ViewState, field: string): string[] {
  const element = state[field]?.[field];
  return element?.selected_options?.map((o) => o.value) ?? element?.selected_users ?? [];
}

/** A form's `response_action: errors` for one field. */
export function fieldError(field: string, message: string) {
  return { response_action: "errors" as const, errors: { [field]: message } };
}

/** Maps our field names to the form's block ids for `response_action: errors`. */
export function formErrors(errors: Record<string, string | undefined>, blockIds: Record<string, string>) {
  const result: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors)) {
    const blockId = blockIds[field];
    if (message && blockId) result[blockId] = message;
  }
  return { response_action: "errors" as const, errors: result };
}

export type FormTeam =
  | { kind: "unchosen" }
  | { kind: "gone" }
  /** `picked`: chosen in the form's team menu rather than set when the form was opened. */
  | { kind: "team"; team: Team; picked: boolean };

/**
 * The team a form names: the one its metadata carries (set when it was opened) or the one picked in
 * it. Both are only claims from the payload; the caller authorizes the person for the team.
 */
export async function formTeam(
  services: Services,
  metadataTeamId: string | undefined,
  state: ViewState,
): Promise<FormTeam> {
  const teamId = metadataTeamId ?? fieldText(state, Field.Team);
  if (!teamId) return { kind: "unchosen" };
  const team = await services.teams.find(teamId);
  return team ? { kind: "team", team, picked: metadataTeamId === undefined } : { kind: "gone" };
}
