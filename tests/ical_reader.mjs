// Reads iCalendar files with ical.js, as calendar apps built on it do, and prints what it sees as JSON.
//
// Usage: node tests/ical_reader.mjs ICAL_JS_MODULE UNTIL_UNIX_SECONDS FILE...
// For each file, each event by UID: its DTSTART and DTEND, and every occurrence (RRULE with
// EXDATE, expanded by ical.js's own RecurExpansion) starting up to UNTIL. Timed values are given
// as Unix seconds, converted by ical.js with the VTIMEZONE of the file itself: no zone database is
// registered (TimezoneService is reset before each file), and a TZID without its VTIMEZONE in
// the file is an error. All-day values are given as their date (YYYY-MM-DD).
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [modulePath, untilText, ...files] = process.argv.slice(2);
const ICAL = (await import(pathToFileURL(modulePath).href)).default;
const until = Number(untilText);
const MAX_OCCURRENCES = 5000;

function value(time, expectedZone) {
  if (time.isDate) return time.toString();
  if (expectedZone !== null) {
    const zone = time.zone;
    if (!zone || zone.tzid !== expectedZone || !zone.component) {
      throw new Error(`TZID ${expectedZone}: ical.js did not take the zone from the file (got ${zone && zone.tzid})`);
    }
  }
  return time.toUnixTime();
}

const result = {};
for (const file of files) {
  ICAL.TimezoneService.reset();
  const calendar = new ICAL.Component(ICAL.parse(readFileSync(file, "utf8")));
  const zones = calendar.getAllSubcomponents("vtimezone").map((zone) => zone.getFirstPropertyValue("tzid"));
  const events = {};
  for (const vevent of calendar.getAllSubcomponents("vevent")) {
    const event = new ICAL.Event(vevent);
    const tzid = vevent.getFirstProperty("dtstart").getParameter("tzid") ?? null;
    if (tzid !== null && !zones.includes(tzid)) throw new Error(`${file}: TZID ${tzid} has no VTIMEZONE`);
    const occurrences = [];
    const iterator = event.iterator();
    for (let next = iterator.next(); next; next = iterator.next()) {
      if (!next.isDate && next.toUnixTime() > until) break;
      if (next.isDate && next.toUnixTime() > until) break;
      const details = event.getOccurrenceDetails(next);
      occurrences.push([value(details.startDate, tzid), value(details.endDate, tzid)]);
      if (occurrences.length > MAX_OCCURRENCES) throw new Error(`${file}: more than ${MAX_OCCURRENCES} occurrences of ${event.uid}`);
    }
    events[event.uid] = {
      tzid,
      start: value(event.startDate, tzid),
      end: value(event.endDate, tzid),
      recurring: event.isRecurring(),
      occurrences,
    };
  }
  result[file] = { zones, events };
}
process.stdout.write(JSON.stringify(result));
