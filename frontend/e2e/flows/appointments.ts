/**
 * Appointments: book through the dialog on the next weekday the clinic opens (the first free
 * slot shown), see it in the week and day views, move it to another slot, cancel it, and read the
 * week as a list on a 375 px phone set to another time zone.
 */
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { addDays, isoWeekday, isOpenOn, type OpeningHoursEntry } from '../../lib/appointments/calendar';
import { formatTime, localDate } from '../../lib/format';
import type { Flow, FlowContext } from '../support/flow';

type ClinicSummary = { id: string; timezone: string };

async function backendJson<T>(context: FlowContext, path: string): Promise<T> {
  const response = await context.page.request.get(`${context.frontendUrl}/api/backend${path}`);
  assert.equal(response.status(), 200, `GET ${path} answered ${response.status()}`);
  return (await response.json()) as T;
}

/** The first weekday after today (clinic-local) with opening hours. */
function nextOpenWeekday(today: string, hours: OpeningHoursEntry[]): string {
  for (let offset = 1; offset <= 14; offset += 1) {
    const date = addDays(today, offset);
    if (isoWeekday(date) <= 5 && isOpenOn(date, hours)) return date;
  }
  throw new Error('the demo clinic opens on no weekday');
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A calendar block (or list item) of this patient starting at this time. */
function blockOf(page: Page, time: string, patient: string): Locator {
  return page.getByRole('button', { name: new RegExp(`^${escapeRegExp(time)}\\s*–\\d\\d:\\d\\d\\s*,\\s*.+?\\s*,\\s*${escapeRegExp(patient)}\\s*,`) });
}

async function pickSlot(dialog: Locator, except?: string): Promise<string> {
  const times = dialog.getByRole('group', { name: 'Time' });
  await times.getByRole('radio').first().waitFor();
  const radios = await times.getByRole('radio').all();
  for (const radio of radios) {
    const value = await radio.getAttribute('value');
    if (value && value !== except) {
      await radio.check();
      return value;
    }
  }
  throw new Error('no other free slot on that day');
}

export const appointmentsFlow: Flow = async (context) => {
  const { page } = context;
  const { items: clinics } = await backendJson<{ items: ClinicSummary[] }>(context, '/clinics');
  const clinic = clinics.find((candidate) => candidate.id === context.clinicId);
  assert.ok(clinic, 'the demo clinic is listed');
  const timeZone = clinic.timezone;
  const { openingHours } = await backendJson<{ openingHours: OpeningHoursEntry[] }>(context, `/clinics/${clinic.id}/agent`);
  const target = nextOpenWeekday(localDate(new Date(), timeZone), openingHours);

  // A drama-range number; the patient's name follows from it, so reruns find the same patient.
  const suffix = String(Math.floor(Math.random() * 1000)).padStart(3, '0');
  const patient = `Flow Patient ${suffix}`;
  const phone = `07700 900${suffix}`;

  await page.goto(`${context.clinicUrl('appointments')}?view=week&date=${target}`);
  await page.getByRole('heading', { name: 'Appointments', level: 1 }).waitFor();
  await page.getByRole('button', { name: 'Week', pressed: true }).waitFor();
  await page.getByRole('list', { name: /appointments?$/ }).first().waitFor();

  // Create, with the form's own validation first.
  await page.getByRole('button', { name: 'New appointment' }).click();
  const booking = page.getByRole('dialog', { name: 'New appointment' });
  await booking.waitFor();
  await booking.getByLabel('Date').fill(target);
  const startsAt = await pickSlot(booking);
  await booking.getByLabel('Patient name').fill(patient);
  await booking.getByLabel('Patient phone').fill('12345');
  await booking.getByRole('button', { name: 'Book appointment' }).click();
  await booking.getByText('Enter a phone number like 07700 900123').waitFor();
  await booking.getByLabel('Patient phone').fill(phone);
  await booking.getByLabel('Notes (optional)').fill('Booked by the appointments browser flow.');
  await booking.evaluate((dialog) => dialog.scrollTo(0, 0));
  await context.screenshot('appointments-create-dialog');
  await booking.getByRole('button', { name: 'Book appointment' }).click();
  await booking.waitFor({ state: 'hidden' });

  const bookedTime = formatTime(startsAt, timeZone);
  await blockOf(page, bookedTime, patient).waitFor();
  assert.ok(page.url().includes(`date=${target}`), 'the week of the booking stays in the URL');
  await context.screenshot('appointments-week');

  // Previous/next move by a week and keep the date in the URL.
  await page.getByRole('button', { name: 'Next week' }).click();
  await page.waitForURL(new RegExp(`date=${addDays(target, 7)}`));
  await page.getByRole('button', { name: 'Previous week' }).click();
  await page.waitForURL(new RegExp(`date=${target}`));
  await blockOf(page, bookedTime, patient).waitFor();

  // Day view; the browser's back button returns to the week.
  await page.getByRole('button', { name: 'Day', exact: true }).click();
  await page.waitForURL(/view=day/);
  await page.goBack();
  await page.getByRole('button', { name: 'Week', pressed: true }).waitFor();
  await page.goForward();
  await page.getByRole('button', { name: 'Day', pressed: true }).waitFor();
  await page.getByRole('heading', { level: 2, name: new RegExp(escapeRegExp(new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long' }).format(new Date(`${target}T12:00:00Z`)))) }).waitFor();
  await blockOf(page, bookedTime, patient).waitFor();
  await context.screenshot('appointments-day');

  // Detail: Escape closes it; the source and the masked phone show.
  await blockOf(page, bookedTime, patient).click();
  const detail = page.getByRole('dialog', { name: patient });
  await detail.getByText('Dashboard').waitFor();
  await detail.getByText(`•••• ••0${suffix}`).waitFor();
  await page.keyboard.press('Escape');
  await detail.waitFor({ state: 'hidden' });

  // Move to another free slot of the same day.
  await blockOf(page, bookedTime, patient).click();
  await detail.getByRole('button', { name: 'Move' }).click();
  const move = page.getByRole('dialog', { name: 'Move appointment' });
  await move.waitFor();
  const movedTo = await pickSlot(move, startsAt);
  await move.getByRole('button', { name: 'Move appointment' }).click();
  await move.waitFor({ state: 'hidden' });
  const movedTime = formatTime(movedTo, timeZone);
  await blockOf(page, movedTime, patient).waitFor();
  assert.equal(await blockOf(page, bookedTime, patient).count(), 0, 'the old time no longer shows the appointment');

  // Reload keeps the view and date.
  await page.reload();
  await page.getByRole('button', { name: 'Day', pressed: true }).waitFor();
  await blockOf(page, movedTime, patient).waitFor();

  // Phone: the week reads as a list per day, in the clinic's zone whatever the phone's zone.
  const state = await page.context().storageState();
  const phoneContext = await context.browser.newContext({ viewport: { width: 375, height: 812 }, timezoneId: 'America/New_York', storageState: state });
  try {
    const phonePage = await phoneContext.newPage();
    phonePage.setDefaultTimeout(15_000);
    await phonePage.goto(`${context.clinicUrl('appointments')}?view=week&date=${target}`);
    await blockOf(phonePage, movedTime, patient).waitFor();
    const width = await phonePage.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 375, `no sideways scrolling on a phone (page is ${width}px wide)`);
    await context.screenshot('appointments-phone-week', phonePage);
  } finally {
    await phoneContext.close();
  }

  // Cancel, confirmed in a second dialog; cancelled ones hide unless asked for.
  await blockOf(page, movedTime, patient).click();
  await detail.getByRole('button', { name: 'Cancel appointment' }).click();
  const confirmCancel = page.getByRole('dialog', { name: 'Cancel this appointment?' });
  await confirmCancel.getByRole('button', { name: 'Yes, cancel it' }).click();
  await confirmCancel.waitFor({ state: 'hidden' });
  await blockOf(page, movedTime, patient).waitFor({ state: 'detached' });
  await page.getByLabel('Show cancelled').check();
  await page.getByRole('button', { name: new RegExp(`${escapeRegExp(patient)}\\s*,\\s*Cancelled$`) }).first().waitFor();
};
