// Value given, added up: the one place that sums amounts per currency and decides their order.
import type { Money } from "./types.ts";

/**
 * Sums amounts per currency, sorted by currency code. A currency whose amounts add up to 0 is left
 * out: "0 EUR given" says nothing was given and reads as a complaint, in this week's totals and in
 * last week's alike. Amounts are never converted between currencies.
 */
export function sumByCurrency(amounts: Iterable<Money | null | undefined>): Money[] {
  const cents = new Map<string, number>();
  for (const amount of amounts) {
    if (amount) cents.set(amount.currency, (cents.get(amount.currency) ?? 0) + amount.cents);
  }
  const sums: Money[] = [];
  for (const [currency, total] of cents) if (total !== 0) sums.push({ cents: total, currency });
  return sums.sort(byCurrency);
}

function byCurrency(a: Money, b: Money): number {
  return compareCurrencies(a.currency, b.currency);
}

// Code-unit order, not localeCompare: the order must not change with the server's locale.
export function compareCurrencies(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
