// Reading a submitted view's state (Slack's block_id → action_id → element state) through zod,
// so a malformed or forged submission is refused instead of half-read.
import { z } from "zod";

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

/** private_metadata is ours, but it round-trips through Slack: parse it like any input. */
export function parseMetadata<T extends z.ZodType>(schema: T, raw: string | undefined): z.infer<T> | null {
  try {
    const parsed = schema.safeParse(JSON.parse(raw || "{}"));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
