// The sandbox page: draws the panes the server renders and sends what the person does.
// No framework, no build step: the server holds the state, this file only asks for it.
"use strict";
const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));
const state = { as: "", conv: "", thread: "", version: 0, modalKey: null, busy: 0 };
const drawn = {};
let reactTarget = null;
let chain = Promise.resolve();

function readHash() {
  const p = new URLSearchParams(location.hash.slice(1));
  state.as = p.get("as") || "";
  state.conv = p.get("conv") || "";
  state.thread = p.get("thread") || "";
}

function writeHash() {
  const p = new URLSearchParams();
  for (const key of ["as", "conv", "thread"]) if (state[key]) p.set(key, state[key]);
  history.replaceState(null, "", "#" + p.toString());
}

function toast(text) {
  const box = $("#toast");
  box.textContent = text;
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.hidden = true; }, 6000);
}

async function act(body) {
  state.busy += 1;
  document.body.dataset.busy = "1";
  let data = { ok: false };
  try {
    const reply = await fetch("/ui/act", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ as: state.as, conv: state.conv, ...body }),
    });
    data = await reply.json();
    if (!data.ok && data.error) toast(data.error);
  } catch (error) {
    toast("The sandbox did not answer: " + error);
  }
  await refresh();
  state.busy -= 1;
  if (!state.busy) document.body.dataset.busy = "0";
  return data;
}

function refresh() {
  chain = chain.then(draw, draw);
  return chain;
}

async function draw() {
  const query = new URLSearchParams({ as: state.as, conv: state.conv, thread: state.thread });
  const data = await (await fetch("/ui/state?" + query, { cache: "no-store" })).json();
  state.version = Math.max(state.version, data.version);
  put("#who", data.who);
  drawClock(data.clock);
  drawPicker(data.reactions || []);
  const welcome = $("#welcome");
  welcome.hidden = !data.welcome;
  document.body.classList.toggle("picking", Boolean(data.welcome));
  if (data.welcome) {
    put("#welcome", data.welcome);
    for (const id of ["#sidebar", "#header", "#messages"]) put(id, "");
    $("#thread").hidden = true;
    drawModal(null);
  } else {
    const moved = state.conv !== data.conv;
    state.conv = data.conv;
    put("#sidebar", data.sidebar);
    put("#header", data.header);
    drawMessages(data.main, moved);
    const composer = $("#composer");
    composer.hidden = state.conv === "home";
    $("#compose").placeholder = data.placeholder || "";
    drawThread(data.thread);
    drawModal(data.modal);
  }
  writeHash();
  document.body.dataset.version = String(state.version);
  document.body.dataset.ready = "1";
}

// Replace a pane only when its HTML changed, so what is on screen stays put otherwise.
function put(selector, html) {
  if (drawn[selector] === html) return false;
  $(selector).innerHTML = html;
  drawn[selector] = html;
  return true;
}

function drawClock(clock) {
  $("#clock").hidden = !clock;
  if (!clock) return;
  $("#clock-now").textContent = clock.now;
  $("#clock-now").title = clock.zone;
  $("#clock-next").textContent = clock.next ? "next: " + clock.next : "nothing scheduled";
}

function drawPicker(choices) {
  const picker = $("#emoji-picker");
  if (picker.childElementCount || !choices.length) return;
  for (const [name, face] of choices) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "emoji-choice";
    button.dataset.emoji = name;
    button.title = ":" + name + ":";
    button.textContent = face;
    picker.appendChild(button);
  }
}

function drawMessages(html, moved) {
  const box = $("#messages");
  const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 60;
  put("#messages", html);
  if (moved || atBottom) box.scrollTop = box.scrollHeight;
}

function drawThread(html) {
  const pane = $("#thread");
  pane.hidden = !html;
  if (!html) {
    state.thread = "";
    return;
  }
  put("#thread-body", html);
}

function valueOf(el) {
  const kind = el.dataset.kind;
  if (kind === "checkboxes") return $$("input:checked", el).map((i) => i.value);
  if (kind === "radio_buttons") {
    const picked = $("input:checked", el);
    return picked ? picked.value : null;
  }
  if (el.multiple) return Array.from(el.selectedOptions).map((o) => o.value);
  return el.value === "" ? null : el.value;
}

function inputsOf(root) {
  const out = {};
  for (const el of $$(".bk-input [data-action-id]", root)) out[el.dataset.actionId] = valueOf(el);
  return out;
}

function setValue(el, value) {
  if (el.dataset.kind === "checkboxes" || el.dataset.kind === "radio_buttons") {
    const wanted = [].concat(value || []);
    for (const box of $$("input", el)) box.checked = wanted.includes(box.value);
  } else if (el.multiple) {
    for (const option of el.options) option.selected = (value || []).includes(option.value);
  } else {
    el.value = value == null ? "" : value;
  }
}

function drawModal(modal) {
  const layer = $("#modal-layer");
  if (!modal) {
    layer.hidden = true;
    layer.innerHTML = "";
    state.modalKey = null;
    return;
  }
  if (modal.key === state.modalKey) return;
  const sameView = state.modalKey && state.modalKey.split(":")[0] === modal.key.split(":")[0];
  const kept = {};
  for (const el of $$(".bk-input [data-action-id]", layer)) {
    kept[el.dataset.blockId + "/" + el.dataset.actionId] = valueOf(el);
  }
  layer.innerHTML = modal.html;
  layer.hidden = false;
  state.modalKey = modal.key;
  if (sameView) {
    for (const el of $$(".bk-input [data-action-id]", layer)) {
      const key = el.dataset.blockId + "/" + el.dataset.actionId;
      if (key in kept) setValue(el, kept[key]);
    }
  }
  const first = $(".bk-input input, .bk-input textarea, .bk-input select", layer);
  if (first) first.focus();
}

function confirmDialog(spec) {
  const layer = $("#confirm-layer");
  const style = spec.style === "danger" ? "danger" : "primary";
  layer.innerHTML =
    '<div class="modal confirm" role="alertdialog"><div class="modal-head"><h2>' + spec.title +
    '</h2></div><div class="modal-body">' + spec.text + '</div><div class="modal-foot">' +
    '<button type="button" class="confirm-deny">' + spec.deny + "</button>" +
    '<button type="button" class="confirm-ok ' + style + '">' + spec.confirm + "</button></div></div>";
  layer.hidden = false;
  return new Promise((resolve) => {
    layer.onclick = (ev) => {
      const ok = ev.target.closest(".confirm-ok");
      if (!ok && !ev.target.closest(".confirm-deny")) return;
      layer.hidden = true;
      layer.innerHTML = "";
      resolve(Boolean(ok));
    };
  });
}

async function fire(el, value, confirmSpec) {
  if (confirmSpec && !(await confirmDialog(JSON.parse(confirmSpec)))) return;
  const body = { type: "click", action_id: el.dataset.actionId, block_id: el.dataset.blockId, value };
  const view = el.closest("[data-view]");
  const message = el.closest("[data-ts]");
  if (view) {
    body.view = view.dataset.view;
    body.inputs = inputsOf(view);
  } else if (message) {
    body.ts = message.dataset.ts;
  }
  await act(body);
}

async function submitModal() {
  const modal = $("#modal-layer .modal");
  for (const box of $$(".bk-error", modal)) box.textContent = "";
  $(".modal-error", modal).hidden = true;
  const data = await act({ type: "submit", view: modal.dataset.view, inputs: inputsOf(modal) });
  const shown = $("#modal-layer .modal");
  if (!shown) return;
  for (const [blockId, text] of Object.entries(data.errors || {})) {
    const box = $('[data-block-id="' + CSS.escape(blockId) + '"] .bk-error', shown);
    if (box) box.textContent = text;
  }
  if (!data.ok && data.error) {
    $(".modal-error", shown).textContent = data.error;
    $(".modal-error", shown).hidden = false;
  }
}

function go(conv) {
  state.conv = conv;
  state.thread = "";
  if (conv === "home") act({ type: "home" });
  else refresh();
}

function choose(person) {
  state.as = person;
  state.conv = "";
  state.thread = "";
  refresh();
}

function openPicker(anchor, ts) {
  const picker = $("#emoji-picker");
  const box = anchor.getBoundingClientRect();
  reactTarget = ts;
  picker.style.top = Math.min(box.bottom + 4, innerHeight - 60) + "px";
  picker.style.left = Math.max(8, box.right - 260) + "px";
  picker.hidden = false;
}

document.addEventListener("click", async (ev) => {
  const t = ev.target;
  const picker = $("#emoji-picker");
  if (!t.closest(".emoji-picker, .reaction-add, .tool-react")) picker.hidden = true;
  for (const menu of $$(".bk-menu")) if (!menu.parentElement.contains(t)) menu.hidden = true;
  let el;
  if ((el = t.closest("[data-person]"))) return choose(el.dataset.person);
  if ((el = t.closest("a[data-conv]"))) {
    ev.preventDefault();
    return go(el.dataset.conv);
  }
  if ((el = t.closest("[data-step]"))) return act({ type: "clock", step: el.dataset.step });
  if ((el = t.closest(".bk-overflow-toggle"))) {
    el.nextElementSibling.hidden = !el.nextElementSibling.hidden;
    return;
  }
  if ((el = t.closest(".bk-menu-item"))) {
    el.parentElement.hidden = true;
    return fire(el.closest(".bk-overflow"), el.dataset.value, el.dataset.confirm);
  }
  if ((el = t.closest("button.bk-button"))) {
    if (el.dataset.url) window.open(el.dataset.url, "_blank", "noopener");
    return fire(el, el.dataset.value === undefined ? null : el.dataset.value, el.dataset.confirm);
  }
  if ((el = t.closest(".emoji-choice"))) {
    picker.hidden = true;
    return act({ type: "react", ts: reactTarget, emoji: el.dataset.emoji });
  }
  if ((el = t.closest("button.reaction"))) {
    return act({ type: "react", ts: el.closest("[data-ts]").dataset.ts, emoji: el.dataset.emoji });
  }
  if ((el = t.closest(".reaction-add, .tool-react"))) {
    return openPicker(el, el.closest("[data-ts]").dataset.ts);
  }
  if ((el = t.closest(".tool-reply, .thread-link"))) {
    state.thread = el.dataset.thread || el.closest("[data-ts]").dataset.ts;
    return refresh();
  }
  if (t.closest(".thread-close")) {
    state.thread = "";
    return refresh();
  }
  const modal = t.closest("#modal-layer .modal");
  if (!modal) return;
  if (t.closest(".modal-x")) return act({ type: "close", view: modal.dataset.view, all: true });
  if (t.closest(".modal-close")) return act({ type: "close", view: modal.dataset.view });
  if (t.closest(".modal-submit")) return submitModal();
});

document.addEventListener("change", (ev) => {
  if (ev.target.id === "who") return choose(ev.target.value);
  const el = ev.target.closest("[data-dispatch]");
  if (el && el.tagName !== "BUTTON" && !el.classList.contains("bk-overflow")) fire(el, valueOf(el));
});

function composer(form, area, thread) {
  const send = async () => {
    const text = area.value.trim();
    if (!text) return;
    area.value = "";
    await act({ type: "send", text, thread: thread() });
  };
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    send();
  });
  area.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && !ev.shiftKey) {
      ev.preventDefault();
      send();
    }
  });
}

async function watch() {
  for (;;) {
    try {
      const reply = await fetch("/ui/wait?v=" + state.version, { cache: "no-store" });
      const data = await reply.json();
      if (data.version > state.version) {
        state.version = data.version;
        await refresh();
      }
    } catch (error) {
      await new Promise((resolve) => setTimeout(resolve, 2000)); // the sandbox went away
    }
  }
}

composer($("#composer"), $("#compose"), () => "");
composer($("#thread-composer"), $("#thread-compose"), () => state.thread);
readHash();
refresh().then(() => {
  if (state.conv === "home") act({ type: "home" });
  watch();
});
