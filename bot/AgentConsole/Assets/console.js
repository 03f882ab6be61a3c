// The agent console: the live queue and one conversation at a time, over the /agent/hub SignalR connection.
// Everything from the server is put on the page with textContent, never as HTML.
(() => {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const antiforgery = document.querySelector('meta[name="helpbot-antiforgery"]').content;
  const me = $("agent").dataset.agentId;
  let current = null;        // the ticket on screen
  let detail = null;         // its last loaded detail
  let queue = { waiting: [], mine: [] };
  let clockOffset = 0;       // server time minus browser time, so waiting times agree with the server
  let typingTimer = null;
  let lastTypingSent = 0;
  // The escalation reasons as agents say them (the API keeps the enum names).
  const reasons = {
    UserAsked: "Asked for a person", Misunderstood: "Bot didn't understand", DepartmentalAccount: "Departmental account",
    SafeCodeBlocked: "SafeCode blocked (24 h)", NoContactMethod: "No SafeCode contact on file", NeedsSsn: "Registration needs SSN", Other: "Other",
  };
  const reasonOf = (r) => reasons[r] || r;
  const statuses = { CallbackRequested: "call back requested", OutOfHours: "left out of hours" };
  const statusOf = (s) => statuses[s] || s;

  const connection = new signalR.HubConnectionBuilder()
    .withUrl("/agent/hub")
    .withAutomaticReconnect()
    .build();

  const api = async (path) => {
    const response = await fetch(path, { headers: { "X-HelpBot-Antiforgery": antiforgery }, credentials: "same-origin" });
    if (response.status === 401) { location.href = "/agent/signin?returnUrl=/agent"; throw new Error("signed out"); }
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    return response.json();
  };

  const el = (tag, props = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(props)) {
      if (k === "class") node.className = v; else if (k.startsWith("data-")) node.setAttribute(k, v); else node[k] = v;
    }
    for (const c of children) node.append(c);
    return node;
  };

  const waited = (since) => {
    const seconds = Math.max(0, Math.floor((Date.now() + clockOffset - Date.parse(since)) / 1000));
    const m = Math.floor(seconds / 60), s = seconds % 60;
    return m >= 60 ? `${Math.floor(m / 60)} h ${m % 60} min` : `${m}:${String(s).padStart(2, "0")}`;
  };

  const ticketItem = (t) => {
    // A real button in each list item: screen readers announce it, Enter and Space both open the ticket.
    const open = el("button", { type: "button", class: "ticket" },
      el("span", { class: "waited", "data-since": t.createdAt }, waited(t.createdAt)),
      el("strong", {}, t.ticket), " ", t.displayName || t.username || "Unknown user",
      el("span", { class: "reason" }, `${reasonOf(t.reason)} · ${t.channelWords}${t.status === "Taken" ? ` · ${t.agentName}` : t.status === "Waiting" ? "" : ` · ${statusOf(t.status)}`}`));
    open.addEventListener("click", () => select(t.ticket));
    const li = el("li", { "data-ticket": t.ticket }, open);
    markCurrent(li);
    return li;
  };

  // The ticket on screen is marked for sight (border) and for screen readers (aria-current).
  function markCurrent(li) {
    const button = li.querySelector("button.ticket");
    if (li.dataset.ticket === current) button.setAttribute("aria-current", "true"); else button.removeAttribute("aria-current");
  }

  async function loadQueue() {
    queue = await api("/agent/api/queue");
    clockOffset = Date.parse(queue.now) - Date.now();
    $("queue").replaceChildren(...queue.waiting.map(ticketItem));
    $("mine").replaceChildren(...queue.mine.map(ticketItem));
    $("queue-count").textContent = String(queue.waiting.length);
  }

  const line = (l) => el("li", { class: (l.from || "system").toLowerCase() },
    el("span", { class: "who" }, `${l.from}${l.at ? " · " + new Date(l.at).toLocaleTimeString() : ""}`), l.text);

  const pair = (dl, label, value, cls) => dl.append(el("dt", {}, label), el("dd", cls ? { class: cls } : {}, value));

  async function select(ticket) {
    if (current && current !== ticket) { connection.invoke("Unwatch", current).catch(() => {}); }
    current = ticket;
    $("notice").textContent = "";
    detail = await api(`/agent/api/escalations/${encodeURIComponent(ticket)}`);
    render();
    await connection.invoke("Watch", ticket);
    for (const li of document.querySelectorAll(".tickets li")) markCurrent(li);
  }

  function render() {
    const d = detail;
    $("conversation").hidden = false;
    $("ticket-title").textContent = `${d.ticket} · ${d.displayName || d.username || "Unknown user"} · ${d.status}${d.agentName ? " (" + d.agentName + ")" : ""}`;
    const context = $("context");
    context.replaceChildren();
    pair(context, "Reason", reasonOf(d.reason));
    // The server sends the intent and the channel in words too ("Asked for a person", "Web chat").
    pair(context, "Intent", d.intentWords);
    // "not given" is said once, in the account panel.
    if (d.username) pair(context, "Account", d.username);
    pair(context, "Verified", d.verified ? "yes (SafeCode)" : "no — not verified");
    pair(context, "Channel", d.channelWords);
    pair(context, "Waiting since", new Date(d.createdAt).toLocaleString());
    if (d.callbackNumber) pair(context, "Call back", d.callbackNumber);
    $("transcript").replaceChildren(...d.transcript.map(line));
    $("transcript").scrollTop = $("transcript").scrollHeight;

    const account = $("account");
    account.replaceChildren();
    if (!d.account) {
      pair(account, "Account", d.username ? "not found in the directory" : "not given");
    } else {
      const a = d.account;
      pair(account, "Name", a.displayName);
      pair(account, "Username", a.username);
      pair(account, "Type", a.type);
      pair(account, "Affiliation", `${a.affiliation}, ${a.school}`);
      pair(account, "Locked", a.isLocked ? "locked" : "not locked", a.isLocked ? "locked" : "");
      pair(account, "Disabled", a.isDisabled ? "yes" : "no");
      pair(account, "Registered", a.isRegistered ? "yes" : "no");
      pair(account, "Password changed", a.passwordChangedAt ? new Date(a.passwordChangedAt).toLocaleDateString() : "—");
      pair(account, "Password expires", a.passwordExpiresAt ? new Date(a.passwordExpiresAt).toLocaleDateString() + (a.passwordExpired ? " (expired)" : "") : "—");
      pair(account, "SafeCode to", a.safeCodeDestinations.length ? a.safeCodeDestinations.join(", ") : "none on file");
    }

    const open = d.status !== "Resolved" && d.status !== "Cancelled";
    const mine = d.status === "Taken" && d.agentId === me;
    // Call-back and out-of-hours requests are taken too: someone has to follow them up.
    $("actions-take").hidden = !["Waiting", "CallbackRequested", "OutOfHours"].includes(d.status);
    $("reply").hidden = !mine;
    $("canned").hidden = !mine;
    $("owner-actions").hidden = !mine;
    // A shared account is never self-service (the server refuses the invitations too).
    const departmental = d.reason === "DepartmentalAccount" || d.account?.type === "Departmental";
    $("invites").hidden = departmental;
    $("invites-departmental").hidden = !departmental;
    if (!open) $("notice").textContent = `This conversation is ${d.status.toLowerCase()}.`;
  }

  async function act(method, ...args) {
    try {
      const result = await connection.invoke(method, current, ...args);
      $("notice").textContent = result.ok ? (result.message || "") : result.message;
      return result.ok;
    } catch (e) {
      $("notice").textContent = "The desk did not answer; check the connection and try again.";
      return false;
    }
  }

  async function loadAgents() {
    const agents = await api("/agent/api/agents");
    const others = agents.filter((a) => a.id !== me);
    $("transfer-to").replaceChildren(...others.map((a) => el("option", { value: a.id }, `${a.name}${a.online ? "" : " (offline)"}`)));
    // With nobody to transfer to, the transfer controls are not shown at all.
    $("transfer-box").hidden = others.length === 0;
  }

  $("take").addEventListener("click", async () => { if (await act("Take")) await select(current); });
  $("reply").addEventListener("submit", async (e) => {
    e.preventDefault();
    const text = $("reply-text").value.trim();
    if (!text) return;
    if (await act("Send", text)) $("reply-text").value = "";
  });
  $("reply-text").addEventListener("keydown", (e) => { if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); $("reply").requestSubmit(); } });
  $("reply-text").addEventListener("input", () => {
    if (Date.now() - lastTypingSent > 2000 && current) { lastTypingSent = Date.now(); connection.invoke("Typing", current).catch(() => {}); }
  });
  for (const b of document.querySelectorAll("button.canned")) {
    b.addEventListener("click", () => { $("reply-text").value = b.dataset.text; $("reply-text").focus(); });
  }
  $("send-unlock").addEventListener("click", () => act("SendUnlockInvite"));
  $("send-reset").addEventListener("click", () => act("SendResetInvite"));
  $("transfer").addEventListener("click", async () => { if ($("transfer-to").value && await act("Transfer", $("transfer-to").value)) await select(current); });
  $("resolve").addEventListener("click", async () => { if (await act("Resolve", $("resolve-note").value)) { $("resolve-note").value = ""; await select(current); } });

  connection.on("queueChanged", () => loadQueue().catch(() => {}));
  connection.on("ticketChanged", (ticket) => { if (ticket === current) select(ticket).catch(() => {}); });
  connection.on("line", (ticket, l) => {
    if (ticket !== current) return;
    $("user-typing").hidden = true;
    $("transcript").append(line(l));
    $("transcript").scrollTop = $("transcript").scrollHeight;
  });
  connection.on("typing", (ticket) => {
    if (ticket !== current) return;
    $("user-typing").hidden = false;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => { $("user-typing").hidden = true; }, 4000);
  });
  connection.onreconnecting(() => { $("connection").textContent = "Reconnecting…"; });
  connection.onreconnected(async () => {
    $("connection").textContent = "Live";
    await loadQueue();
    if (current) await select(current);
  });
  connection.onclose(() => { $("connection").textContent = "Disconnected: reload the page."; });

  setInterval(() => { for (const s of document.querySelectorAll(".waited")) s.textContent = waited(s.dataset.since); }, 1000);

  (async () => {
    await connection.start();
    $("connection").textContent = "Live";
    await Promise.all([loadQueue(), loadAgents()]);
    setInterval(() => loadAgents().catch(() => {}), 30000);
  })().catch(() => { $("connection").textContent = "Could not connect to the desk: reload the page."; });
})();
