// Block Kit for a team's settings modal.
import type { KnownBlock, ModalView } from "@slack/types";
import { formatMoney, type Messages } from "../domain/i18n.ts";
import { formatTimeOfDay } from "../domain/period.ts";
import { RETENTION_MONTHS } from "../domain/retention.ts";
import {
  LANGUAGES,
  type Language,
  MANAGER_PREFERENCES,
  type ManagerPreference,
  type Money,
  type Team,
} from "../domain/types.ts";
import { amountText, currencySelect } from "./goodCall.ts";
import { CallbackId, Field } from "./ids.ts";
import { context, option, plain } from "./text.ts";
import { Metadata } from "./values.ts";

/**
 * The team's settings as they are; `raise`, from a summary's proposal, fills in a higher usual limit
 * and says so above the form, so the manager sees what changes before saving.
 */
export function settingsModal(
  t: Messages,
  team: Team,
  preference: ManagerPreference = "weekly",
  raise: { limit: Money; language: Language } | null = null,
): ModalView {
  const limit = raise?.limit ?? team.usualLimit;
  const suggestion: KnownBlock[] =
    raise && team.usualLimit
      ? [
          context(
            t.authority.settingsSuggested(
              formatMoney(team.usualLimit, raise.language),
              formatMoney(raise.limit, raise.language),
            ),
          ),
        ]
      : [];
  const preferences = MANAGER_PREFERENCES.map((p) => option(t.preferences[p], p));
  const weekdays = t.weekdays.map((name, i) => option(name, String(i + 1)));
  const languages = LANGUAGES.map((code) => option(t.languageName[code], code));
  const feedOption = option(t.feedOption, "on");
  return {
    type: "modal",
    callback_id: CallbackId.SettingsModal,
    title: plain(t.settingsModalTitle, 24),
    submit: plain(t.save, 24),
    close: plain(t.cancel, 24),
    private_metadata: Metadata.settings.encode({ teamId: team.id }),
    blocks: [
      ...suggestion,
      {
        type: "input",
        block_id: Field.Managers,
        label: plain(t.labelManagers, 2000),
        element: { type: "multi_users_select", action_id: Field.Managers, initial_users: team.managerIds },
      },
      {
        type: "input",
        block_id: Field.TimeZone,
        label: plain(t.labelTimeZone, 2000),
        hint: plain(t.hintTimeZone, 2000),
        element: {
          type: "plain_text_input",
          action_id: Field.TimeZone,
          initial_value: team.timeZone,
          max_length: 64,
        },
      },
      {
        type: "input",
        block_id: Field.DigestDay,
        label: plain(t.labelDigestDay, 2000),
        element: {
          type: "static_select",
          action_id: Field.DigestDay,
          options: weekdays,
          initial_option: weekdays[team.digestWeekday - 1] ?? weekdays[4],
        },
      },
      {
        type: "input",
        block_id: Field.DigestTime,
        label: plain(t.labelDigestTime, 2000),
        element: {
          type: "timepicker",
          action_id: Field.DigestTime,
          initial_time: formatTimeOfDay(team.digestMinute),
        },
      },
      {
        type: "input",
        block_id: Field.Language,
        label: plain(t.labelLanguage, 2000),
        element: {
          type: "static_select",
          action_id: Field.Language,
          options: languages,
          initial_option: languages[LANGUAGES.indexOf(team.language)],
        },
      },
      {
        type: "input",
        block_id: Field.Feed,
        optional: true,
        label: plain(t.labelFeed, 2000),
        element: {
          type: "checkboxes",
          action_id: Field.Feed,
          options: [feedOption],
          ...(team.feedEnabled ? { initial_options: [feedOption] } : {}),
        },
      },
      {
        type: "input",
        block_id: Field.LimitAmount,
        optional: true,
        label: plain(t.labelLimit, 2000),
        hint: plain(t.hintLimit, 2000),
        element: {
          type: "plain_text_input",
          action_id: Field.LimitAmount,
          ...(amountText(limit) ? { initial_value: amountText(limit) } : {}),
        },
      },
      {
        type: "input",
        block_id: Field.LimitCurrency,
        optional: true,
        label: plain(t.labelCurrency, 2000),
        element: currencySelect(Field.LimitCurrency, limit?.currency),
      },
      {
        type: "input",
        block_id: Field.FollowUpDays,
        label: plain(t.labelFollowUpDays, 2000),
        element: {
          type: "number_input",
          action_id: Field.FollowUpDays,
          is_decimal_allowed: false,
          min_value: "1",
          max_value: "60",
          initial_value: String(team.followUpDays),
        },
      },
      {
        type: "input",
        block_id: Field.RetentionMonths,
        optional: true,
        label: plain(t.labelRetention, 2000),
        hint: plain(t.hintRetention, 2000),
        element: {
          type: "number_input",
          action_id: Field.RetentionMonths,
          is_decimal_allowed: false,
          min_value: String(RETENTION_MONTHS.min),
          max_value: String(RETENTION_MONTHS.max),
          ...(team.retentionMonths !== null ? { initial_value: String(team.retentionMonths) } : {}),
        },
      },
      {
        type: "input",
        block_id: Field.Preference,
        label: plain(t.labelPreference, 2000),
        element: {
          type: "static_select",
          action_id: Field.Preference,
          options: preferences,
          initial_option: preferences[MANAGER_PREFERENCES.indexOf(preference)] ?? preferences[2],
        },
      },
    ],
  };
}
