// The desk metrics page: the numbers of /agent/api/metrics, for the chosen period.
(() => {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const pct = (x) => (x === null ? "—" : `${(x * 100).toFixed(1)} %`);
  // The escalation reasons as agents say them (the API keeps the enum names).
  const reasons = {
    UserAsked: "Asked for a person", Misunderstood: "Bot didn't understand", DepartmentalAccount: "Departmental account",
    SafeCodeBlocked: "SafeCode blocked (24 h)", NoContactMethod: "No SafeCode contact on file", NeedsSsn: "Registration needs SSN", Other: "Other",
  };
  const reasonOf = (r) => reasons[r] || r;
  // "1 answer", "2 answers": English plural rules, so a count never reads "1 answers".
  const plural = new Intl.PluralRules("en");
  const counted = (n, one, other) => `${n} ${plural.select(n) === "one" ? one : other}`;
  const dur = (s) => (s === null ? "—" : s < 60 ? `${Math.round(s)} s` : `${(s / 60).toFixed(1)} min`);

  async function load() {
    const response = await fetch(`/agent/api/metrics?days=${$("days").value}`, { credentials: "same-origin" });
    if (response.status === 401) { location.href = "/agent/signin?returnUrl=/agent/metrics"; return; }
    const m = await response.json();
    const figures = $("figures");
    figures.replaceChildren();
    const add = (label, value) => { const dt = document.createElement("dt"); dt.textContent = label; const dd = document.createElement("dd"); dd.textContent = value; figures.append(dt, dd); };
    add("Period", `${new Date(m.from).toLocaleString()} – ${new Date(m.to).toLocaleString()}`);
    add("Conversations", String(m.conversations));
    add("Escalated conversations", String(m.escalatedConversations));
    add("Containment", pct(m.containment));
    add("Escalations", String(m.escalations));
    add("Taken by an agent", String(m.taken));
    add("Median time to take", dur(m.medianSecondsToTake));
    add("Average time to take", dur(m.averageSecondsToTake));
    add("Satisfaction", m.satisfactionCount ? `${m.satisfactionAverage.toFixed(2)} of 5 (${counted(m.satisfactionCount, "answer", "answers")})` : "no answers yet");
    $("reasons").tBodies[0].replaceChildren(...Object.entries(m.byReason).map(([reason, count]) => {
      const tr = document.createElement("tr");
      for (const v of [reasonOf(reason), String(count)]) { const td = document.createElement("td"); td.textContent = v; tr.append(td); }
      return tr;
    }));
  }
  $("days").addEventListener("change", () => load());
  load();
})();
