// Text that goes into files people open in a spreadsheet (CSV exports) is kept from running as a formula.

// OWASP's list for CSV injection: a cell starting with one of these is a formula (or DDE call) to
// Excel, LibreOffice and Google Sheets. Tab and CR also count because some spreadsheets skip them
// before looking for the formula sign.
const FORMULA_START = /^[=+\-@\t\r]/u;

/**
 * The cell's text, prefixed with a single quote if a spreadsheet would read it as a formula, as OWASP
 * recommends; the quote shows that the text was changed, and the rest stays as typed.
 *
 * NOTE: full-width signs (`＝`, `＋`, `－`, `＠`) are checked after NFKC normalisation, since some
 * spreadsheets fold them to their ASCII forms on input.
 */
export function neutraliseFormula(cell: string): string {
  return FORMULA_START.test(cell) || FORMULA_START.test(cell.slice(0, 1).normalize("NFKC"))
    ? `'${cell}`
    : cell;
}

/** The row with every text cell neutralised; numbers and other values cannot be formulas. */
export function spreadsheetSafeRow<Row extends Record<string, unknown>>(row: Row): Row {
  return Object.fromEntries(
    Object.entries(row).map(([key, value]) => [
      key,
      typeof value === "string" ? neutraliseFormula(value) : value,
    ]),
  ) as Row;
}
