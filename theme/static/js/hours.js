/*
 * Whether support is open now, in the reader's own time.
 *
 * Progressive enhancement: the page already states the hours and their zone in
 * words; this reads <span class="hours" data-hours="Mo-Fr 09:00-18:00"
 * data-zone="America/..."> and adds one short sentence after it ("Open now,
 * until 6:00 PM your time."), announced politely to screen readers. No
 * dependencies, no inline code, no eval: it runs under a strict
 * Content-Security-Policy.
 */
(function () {
  "use strict";

  var DAYS = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];
  var MINUTE = 60000;

  if (!window.Intl || !Intl.DateTimeFormat || !document.querySelectorAll) {
    return;
  }

  // "Mo-Fr 09:00-12:00,13:00-17:00; Sa 10:00-14:00; PH off"
  //   -> [{days: [0..4], spans: [[540, 720], ...]}, {days: [5], ...}]
  // Closed days ("off"), public holidays (which a browser cannot know) and
  // days open on other terms ('Sa-Su "by appointment"', noted in
  // rules.otherTerms) add no opening; "24/7" is every day, all day. Dates
  // closed every year ("Dec 24 off", "Dec 25-Jan 03 off") are kept in
  // rules.closedDates as [from, to], each month * 100 + day. Days of a
  // season ("Apr-Sep Mo-Fr 09:00-17:00", "Oct-Mar Sa 11:00-15:00") open only
  // in its months: rule.months is [first, last], 1 to 12.
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
    "Oct", "Nov", "Dec"];

  function monthDay(month, day) {
    return (MONTHS.indexOf(month) + 1) * 100 + Number(day);
  }

  function parseHours(text) {
    var rules = [];
    rules.closedDates = [];
    text.split(";").forEach(function (part) {
      if (part.indexOf('"') >= 0) {
        rules.otherTerms = true;
        return;
      }
      var dated = /^([A-Z][a-z]{2}) (\d\d)(?:-([A-Z][a-z]{2}) (\d\d))? off$/.exec(part.trim());
      if (dated) {
        var from = monthDay(dated[1], dated[2]);
        rules.closedDates.push([from, dated[3] ? monthDay(dated[3], dated[4]) : from]);
        return;
      }
      var months = null;
      var season = /^([A-Z][a-z]{2})(?:-([A-Z][a-z]{2}))? (?=[A-Z][a-z][-, ]|PH)/.exec(part.trim());
      if (season) {
        months = [MONTHS.indexOf(season[1]) + 1, MONTHS.indexOf(season[2] || season[1]) + 1];
        if (!months[0] || !months[1]) {
          rules.unknown = true;
          return;
        }
        part = part.trim().slice(season[0].length);
      }
      var bits = part.trim().split(/\s+/);
      if (bits.length === 1 && bits[0] === "24/7") {
        bits = ["Mo-Su", "00:00-24:00"];
      }
      if (bits.length !== 2 || bits[1] === "off") {
        return;
      }
      var days = [];
      bits[0].split(",").forEach(function (range) {
        var ends = range.split("-");
        var first = DAYS.indexOf(ends[0]);
        var last = DAYS.indexOf(ends[ends.length - 1]);
        if (first < 0 || last < 0) {
          return;
        }
        for (var d = first; ; d = (d + 1) % 7) {
          days.push(d);
          if (d === last) {
            break;
          }
        }
      });
      var spans = bits[1].split(",").map(function (span) {
        var t = span.split("-").map(function (hhmm) {
          var p = hhmm.split(":");
          return Number(p[0]) * 60 + Number(p[1]);
        });
        return t;
      });
      rules.push({ days: days, spans: spans, months: months });
    });
    return rules;
  }

  // Wall-clock parts of an instant in a zone: {day: 0 (Monday)..6, minutes, y, m, d}.
  function wallClock(date, zone) {
    var parts = {};
    new Intl.DateTimeFormat("en-US", {
      timeZone: zone, hourCycle: "h23", weekday: "short",
      year: "numeric", month: "numeric", day: "numeric",
      hour: "numeric", minute: "numeric"
    }).formatToParts(date).forEach(function (p) {
      parts[p.type] = p.value;
    });
    var day = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].indexOf(parts.weekday);
    return {
      day: day,
      minutes: Number(parts.hour) * 60 + Number(parts.minute),
      y: Number(parts.year), m: Number(parts.month), d: Number(parts.day)
    };
  }

  // The instant when the zone's clock shows the given date and minutes.
  function instantAt(y, m, d, minutes, zone) {
    var guess = Date.UTC(y, m - 1, d) + minutes * MINUTE;
    for (var i = 0; i < 2; i++) {
      var seen = wallClock(new Date(guess), zone);
      var seenUtc = Date.UTC(seen.y, seen.m - 1, seen.d) + seen.minutes * MINUTE;
      guess += Date.UTC(y, m - 1, d) + minutes * MINUTE - seenUtc;
    }
    return new Date(guess);
  }

  // Whether a date (month * 100 + day) is in one of the closed ranges; a
  // range may run past the year's end ("Dec 25-Jan 03").
  function closedOn(ranges, date) {
    return (ranges || []).some(function (r) {
      return r[0] <= r[1] ? r[0] <= date && date <= r[1] : date >= r[0] || date <= r[1];
    });
  }

  // Whether a month (1 to 12) is in a season [first, last]; a season may run
  // over the year's end ("Oct-Mar").
  function inSeason(months, month) {
    if (!months) {
      return true;
    }
    return months[0] <= months[1] ? months[0] <= month && month <= months[1]
      : month >= months[0] || month <= months[1];
  }

  // Opening windows as instants, from today (in the zone) over the next 8 days.
  function windows(rules, zone, now) {
    var out = [];
    var today = wallClock(now, zone);
    for (var offset = -1; offset < 8; offset++) {
      var noon = instantAt(today.y, today.m, today.d, 12 * 60, zone);
      var day = wallClock(new Date(noon.getTime() + offset * 24 * 60 * MINUTE), zone);
      if (closedOn(rules.closedDates, day.m * 100 + day.d)) {
        continue;
      }
      rules.forEach(function (rule) {
        if (rule.days.indexOf(day.day) < 0 || !inSeason(rule.months, day.m)) {
          return;
        }
        rule.spans.forEach(function (span) {
          var opens = instantAt(day.y, day.m, day.d, span[0], zone);
          var closes = instantAt(day.y, day.m, day.d, span[1], zone);
          if (span[1] >= 24 * 60) {
            closes = new Date(opens.getTime() + (span[1] - span[0]) * MINUTE);
          } else if (span[1] <= span[0]) {
            // "19:30-07:30": closes on the next day's clock.
            var next = wallClock(new Date(noon.getTime() + (offset + 1) * 24 * 60 * MINUTE), zone);
            closes = instantAt(next.y, next.m, next.d, span[1], zone);
          }
          out.push([opens, closes]);
        });
      });
    }
    out.sort(function (a, b) { return a[0] - b[0]; });
    // Back-to-back windows (24/7, or a day ending at midnight) are one opening.
    var merged = [];
    out.forEach(function (w) {
      var last = merged[merged.length - 1];
      if (last && w[0] <= last[1]) {
        last[1] = new Date(Math.max(last[1], w[1]));
      } else {
        merged.push([w[0], w[1]]);
      }
    });
    return merged;
  }

  function describe(element) {
    var zone = element.getAttribute("data-zone");
    var rules = parseHours(element.getAttribute("data-hours") || "");
    if (!zone || !rules.length || rules.unknown) {
      return null;
    }
    var now = new Date();
    var found = windows(rules, zone, now);
    var time = new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit" });
    var day = new Intl.DateTimeFormat(undefined, { weekday: "long" });
    for (var i = 0; i < found.length; i++) {
      if (found[i][0] <= now && now < found[i][1]) {
        if (found[i][1] - now > 6 * 24 * 60 * MINUTE) {
          return "Open now, around the clock.";
        }
        var until = time.format(found[i][1]);
        if (found[i][1] - now >= 12 * 60 * MINUTE) {
          until = day.format(found[i][1]) + " at " + until;
        }
        return "Open now, until " + until + " your time.";
      }
      if (found[i][0] > now) {
        if (rules.otherTerms) {
          // Open by appointment, perhaps: "closed now" may not be true.
          return null;
        }
        return "Closed now; opens " + day.format(found[i][0]) + " at " +
          time.format(found[i][0]) + " your time.";
      }
    }
    return null;
  }

  function enhance() {
    var phrases = document.querySelectorAll("span.hours[data-hours][data-zone]");
    Array.prototype.forEach.call(phrases, function (element) {
      var next = element.nextElementSibling;
      if (next && next.classList.contains("hours-now")) {
        return;
      }
      var status;
      try {
        status = describe(element);
      } catch (err) {
        return; // an unknown zone in an old browser: the page text stands alone
      }
      if (!status) {
        return;
      }
      // One sentence of its own after the phrase, read out when it appears but
      // without interrupting the reader.
      var note = document.createElement("small");
      note.className = "hours-now";
      note.setAttribute("aria-live", "polite");
      note.textContent = status;
      element.parentNode.insertBefore(note, element.nextSibling);
      element.parentNode.insertBefore(document.createTextNode(" "), note);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
