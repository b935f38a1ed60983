import { effectiveFrom, type HubEvent, type PriorityStatus } from '@partnership-hub/events';

/**
 * What was in force on a date: plans with their dates (a superseded plan ends the day before the
 * plan that supersedes it starts), and priorities within their dates (their own, else their
 * plan's) whose status on that date was active. Dates are calendar dates, `YYYY-MM-DD`, and
 * compare as strings: the format sorts as the dates do. Pure: "today" comes in as an argument
 * (see londonDate), never from a clock read here.
 */

/** A period of days, both ends included; a missing end is open. */
export interface Period {
  start?: string | undefined;
  end?: string | undefined;
}

/** A plan's own dates, and the earlier plan of the same body it supersedes. */
export interface PlanDates {
  id: string;
  startDate: string;
  endDate?: string | undefined;
  supersedes?: string | undefined;
}

/** A plan's period as it stands when read, and the plan that supersedes it, if one does. */
export interface PlanPeriod {
  start: string;
  end?: string | undefined;
  supersededBy?: { id: string; startDate: string } | undefined;
}

/** The dates a priority may carry of its own, and the plan it sits in. */
export interface DatedPriority {
  planId?: string | undefined;
  startDate?: string | undefined;
  endDate?: string | undefined;
}

/** One change of a priority's status, and the date it counts from. */
export interface StatusChange {
  status: PriorityStatus;
  on: string;
}

// Intl carries the time zone rules (Node ships full ICU), so the date in London needs no library.
// Built on first use, not at import: loading the zone's rules is the costliest step of a handler's
// cold start (npm run bench -- coldStart), and many requests never ask for a date in London.
let london: Intl.DateTimeFormat | undefined;
const HOUR_MS = 3_600_000;
/** The last answer, by the UTC hour it was asked in (see londonDate). */
let lastHour: { hour: number; date: string } | undefined;

/**
 * The calendar date in Europe/London at an instant: the hub's "today" is this of the clock's now.
 * London is always a whole number of hours from UTC (GMT or BST) and its clocks change on the
 * hour, so the date is the same throughout a UTC hour: the last hour's answer is kept, since Intl's
 * formatToParts costs tens of microseconds and every read of today's views asks.
 */
export function londonDate(instant: Date): string {
  const hour = Math.floor(instant.getTime() / HOUR_MS);
  if (lastHour?.hour === hour) return lastHour.date;
  london ??= new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });
  const parts = Object.fromEntries(london.formatToParts(instant).map((part) => [part.type, part.value]));
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  lastHour = { hour, date };
  return date;
}

/** The day before a date. */
export function dayBefore(date: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day - 1)).toISOString().slice(0, 10);
}

export const isWithin = (period: Period, date: string): boolean =>
  (period.start === undefined || period.start <= date) && (period.end === undefined || date <= period.end);

/** The period has ended by the date: its last day is before it. */
export const hasEnded = (period: Period, date: string): boolean => period.end !== undefined && period.end < date;

/** The period has not started by the date. */
export const isAhead = (period: Period, date: string): boolean => period.start !== undefined && date < period.start;

/**
 * Each of one body's plans with its period as it stands now: its own dates, but ended the day
 * before the earliest start of the plans (among these) that supersede it, if that is sooner.
 * Worked out whenever it is read, from the plans there are: withdraw the newer plan (leave it
 * out of `plans`) and the older one runs to its own end again. A plan naming itself is ignored;
 * supersession is not followed further than one step, so a cycle (which the write path refuses,
 * but concurrent writes could still make) cannot loop here.
 */
export function planPeriods(plans: readonly PlanDates[]): Map<string, PlanPeriod> {
  const supersessors = new Map<string, PlanDates>();
  for (const plan of plans) {
    if (!plan.supersedes || plan.supersedes === plan.id) continue;
    const known = supersessors.get(plan.supersedes);
    if (!known || plan.startDate < known.startDate || (plan.startDate === known.startDate && plan.id < known.id))
      supersessors.set(plan.supersedes, plan);
  }
  return new Map(
    plans.map((plan) => {
      const newer = supersessors.get(plan.id);
      const cut = newer ? dayBefore(newer.startDate) : undefined;
      const end = cut !== undefined && (plan.endDate === undefined || cut < plan.endDate) ? cut : plan.endDate;
      return [plan.id, { start: plan.startDate, end, ...(newer ? { supersededBy: { id: newer.id, startDate: newer.startDate } } : {}) }];
    }),
  );
}

/** A priority's period: each of its own dates, else its plan's; with neither, it is open at that end. */
export function priorityPeriod(priority: DatedPriority, plans: ReadonlyMap<string, PlanPeriod>): Period {
  const plan = priority.planId === undefined ? undefined : plans.get(priority.planId);
  return { start: priority.startDate ?? plan?.start, end: priority.endDate ?? plan?.end };
}

/**
 * A priority's status on a date, from its history: the status of its latest change on or before
 * that date (of two on the same day, the later in the list). Before its first change, the status
 * it was first recorded with: a priority recorded in 2026 from a 2016 plan was, as far as the hub
 * knows, what it was published as.
 */
export function statusOn(changes: readonly StatusChange[], date: string): PriorityStatus {
  if (changes.length === 0) return 'active';
  let found: StatusChange | undefined;
  for (const change of changes) if (change.on <= date && (found === undefined || change.on >= found.on)) found = change;
  if (found) return found.status;
  return changes.reduce((first, change) => (change.on < first.on ? change : first)).status;
}

/**
 * The date a change counts from: when it happened in the world, where the write said so (its
 * `effectiveDate`; a year or a month counts from its first day), else the date the hub recorded
 * it, in Europe/London. Everything that asks what was in force on a date follows this.
 */
export function changeTakesEffect(recordedAt: string, effectiveDate?: string): string {
  return effectiveDate !== undefined ? effectiveFrom(effectiveDate) : londonDateOfRecorded(recordedAt);
}

/**
 * londonDate of a recorded instant, remembered: every joint view asks it of every priority, and
 * Intl's formatToParts costs tens of microseconds a call, the largest part of a rebuild of a large
 * area. The answer of an instant never changes; the memory is dropped whole when it grows large.
 */
function londonDateOfRecorded(recordedAt: string): string {
  let date = RECORDED_DATES.get(recordedAt);
  if (date === undefined) {
    if (RECORDED_DATES.size >= RECORDED_DATES_LIMIT) RECORDED_DATES.clear();
    date = londonDate(new Date(recordedAt));
    RECORDED_DATES.set(recordedAt, date);
  }
  return date;
}
const RECORDED_DATES = new Map<string, string>();
const RECORDED_DATES_LIMIT = 50_000;

/** A priority's status history from its events, oldest first (a withdrawal is not a change of status: it takes the priority out). */
export function statusHistory(events: readonly HubEvent[]): StatusChange[] {
  return events
    .filter((event) => event.detailType === 'PriorityPublished' || event.detailType === 'PriorityRevised')
    .map((event) => ({
      status: (event.detail.data as { status: PriorityStatus }).status,
      on: changeTakesEffect(event.detail.occurredAt, event.detail.change?.effectiveDate),
    }));
}

/**
 * Whether a priority was in force on a date: the date lies within its period (its own dates,
 * else its plan's, else always), and its status on that date was `active`.
 */
export function inForceOn(
  priority: DatedPriority,
  history: readonly StatusChange[],
  plans: ReadonlyMap<string, PlanPeriod>,
  date: string,
): boolean {
  return isWithin(priorityPeriod(priority, plans), date) && statusOn(history, date) === 'active';
}

/**
 * Whether a priority was in force on a date, from its view record alone. A record holds the
 * priority's latest status only, which is its status on any date from its last change on (the
 * change's effective date where it has one, else when it was recorded). A date before that needs
 * the status history from the log instead (statusHistory).
 */
export function recordInForceOn(
  record: {
    state: DatedPriority & { status: PriorityStatus };
    updatedAt: string;
    change?: { effectiveDate?: string | undefined } | undefined;
  },
  plans: ReadonlyMap<string, PlanPeriod>,
  date: string,
): boolean {
  return inForceOn(
    record.state,
    [{ status: record.state.status, on: changeTakesEffect(record.updatedAt, record.change?.effectiveDate) }],
    plans,
    date,
  );
}

/** Whether a plan was in force on a date: within its period as it stands (see planPeriods). */
export function planInForceOn(period: PlanPeriod | undefined, date: string): boolean {
  return period !== undefined && isWithin(period, date);
}
