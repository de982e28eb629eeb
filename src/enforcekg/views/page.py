"""One self-contained HTML page per view: vis-network inlined, no request of any kind, data as text only.

pyvis 0.3.2's own template links Bootstrap from a CDN even with ``cdn_resources="in_line"``, renders its
heading without escaping, and its ``add_node`` grows quadratically; so the page is written here, with the
vis-network script taken from the pyvis package.  Safety rests on three things:

* the graph data travels as JSON in a ``<script type="application/json">`` block with ``<``, ``>`` and
  ``&`` written as ``\\u003c`` …, so no text can close the block; the page script puts every text into the
  document with ``textContent`` (vis-network tooltips get DOM elements built the same way);
* every text in the HTML itself is escaped by Jinja's autoescape;
* a Content-Security-Policy allows only the page's two inline scripts (by hash) and no fetch, image,
  font or frame from anywhere, so even an injected tag could neither run nor load anything.
"""

from __future__ import annotations

import base64
import hashlib
import json
from functools import cache
from importlib import resources
from string import Template
from typing import Any

from jinja2 import Environment
from markupsafe import escape

from .model import View
from .style import FONT_STACK, SEVERITY_COLOURS, ui

VIS_JS = ("templates", "lib", "vis-9.1.2", "vis-network.min.js")

CSS = Template("""
:root { --ink: #212529; --muted: #6c757d; --line: #dee2e6; --panel: #f8f9fa; }
* { box-sizing: border-box; }
body { margin: 0; font-family: $font; color: var(--ink); background: #fff; font-size: 14px; }
header { padding: 10px 16px 6px; border-bottom: 1px solid var(--line); }
header h1 { font-size: 20px; margin: 0 0 4px; }
header .meta { color: var(--muted); display: flex; flex-wrap: wrap; gap: 4px 18px; }
header .meta b { color: var(--ink); font-weight: 600; }
header a { color: #1c7ed6; }
.notice { margin: 6px 0 0; padding: 6px 10px; background: #fff9db; border-left: 4px solid #f59f00; }
.banner { margin: 6px 0 0; padding: 6px 10px; border-left: 6px solid; background: #fff5f5; font-size: 15px; }
.banner .law { color: var(--muted); font-size: 13px; }
.toolbar { display: flex; gap: 6px; align-items: center; padding: 6px 16px; border-bottom: 1px solid var(--line); }
.toolbar input { flex: 0 1 320px; padding: 4px 8px; font: inherit; border: 1px solid #adb5bd; border-radius: 4px; }
.toolbar button { font: inherit; padding: 3px 10px; border: 1px solid #adb5bd; border-radius: 4px; background: #fff; cursor: pointer; }
.toolbar .status { color: var(--muted); }
main { display: flex; height: calc(100vh - var(--top, 120px)); min-height: 420px; }
#graph { flex: 1 1 auto; position: relative; min-width: 0; }
aside { flex: 0 0 380px; overflow-y: auto; border-left: 1px solid var(--line); background: var(--panel); padding: 8px 12px; }
aside h2 { font-size: 15px; margin: 12px 0 6px; border-bottom: 1px solid var(--line); padding-bottom: 2px; }
.legend { list-style: none; margin: 0; padding: 0; display: grid; grid-template-columns: 1fr 1fr; gap: 3px 8px; }
.legend li { display: flex; align-items: center; gap: 6px; font-size: 13px; }
.legend.links { grid-template-columns: 1fr; }
.legend svg { flex: 0 0 auto; }
.findings { list-style: none; margin: 0; padding: 0; }
.findings li { margin: 0 0 6px; padding: 5px 7px; background: #fff; border: 1px solid var(--line); border-left: 5px solid; border-radius: 3px; cursor: pointer; }
.findings li:hover, .findings li.active { background: #fff4e6; }
.findings .fid { font-family: monospace; font-size: 12px; color: var(--muted); }
.sev { display: inline-block; padding: 0 5px; border-radius: 3px; color: #fff; font-size: 12px; }
.sev-error { background: $error; } .sev-warning { background: $warning; } .sev-info { background: $info; }
#details .kind { color: var(--muted); font-size: 12px; }
#details h3 { margin: 2px 0 6px; font-size: 15px; }
#details table { border-collapse: collapse; width: 100%; font-size: 13px; }
#details td { border-top: 1px solid var(--line); padding: 2px 4px; vertical-align: top; }
#details td:first-child { color: var(--muted); white-space: nowrap; width: 1%; }
#details ul { margin: 2px 0 4px; padding-left: 18px; }
#details .law, .findings .law { color: var(--muted); font-size: 12px; }
.hint { color: var(--muted); }
div.vis-tooltip { position: absolute; visibility: hidden; padding: 6px 8px; max-width: 380px; white-space: normal;
  font-family: $font; font-size: 13px; color: var(--ink); background: #fff; border: 1px solid #adb5bd;
  border-radius: 4px; box-shadow: 2px 2px 8px rgba(0,0,0,.2); pointer-events: none; z-index: 5; }
.vis-tooltip .kind { color: var(--muted); font-size: 12px; }
.vis-tooltip .msg { color: $error; margin-top: 3px; }
@media print {
  .toolbar, .hint { display: none; }
  main { display: block; height: auto; }
  #graph { height: 16cm; border: 1px solid var(--line); }
  aside { border: 0; background: #fff; overflow: visible; }
  .findings li { break-inside: avoid; }
}
""").substitute(font=FONT_STACK, **SEVERITY_COLOURS)

APP_JS = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("ekg-data").textContent);
  var T = data.ui;
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  var edgeById = {};
  data.edges.forEach(function (e) { edgeById[e.id] = e; });

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function safeHref(href) { return typeof href === "string" && /^[A-Za-z0-9_.\/-]+\.html$/.test(href); }

  function tooltip(ekg, extra) {
    var box = el("div");
    box.appendChild(el("div", "kind", ekg.kind || ekg.role || ""));
    box.appendChild(el("b", null, ekg.name || ekg.text || ""));
    (ekg.rows || []).slice(0, 5).forEach(function (r) { box.appendChild(el("div", null, r[0] + T.colon + r[1])); });
    (ekg.findings || []).forEach(function (i) {
      var f = data.findings[i];
      box.appendChild(el("div", "msg", "⚠ " + f.severity_name + " " + f.rule + T.colon + f.message));
    });
    return box;
  }

  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var copy = Object.assign({}, n);
    delete copy.ekg;
    copy.title = tooltip(n.ekg);
    return copy;
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    var copy = Object.assign({}, e);
    delete copy.ekg;
    copy.title = tooltip(e.ekg);
    return copy;
  }));
  var container = document.getElementById("graph");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  network.once("afterDrawing", function () { document.body.setAttribute("data-drawn", String(data.nodes.length)); });

  var panel = document.getElementById("details");
  function clear() { while (panel.firstChild) { panel.removeChild(panel.firstChild); } }
  function findingBlock(i) {
    var f = data.findings[i];
    var li = el("li");
    li.style.borderLeftColor = data.colours[f.severity];
    var head = el("div");
    head.appendChild(el("span", "sev sev-" + f.severity, f.severity_name));
    head.appendChild(document.createTextNode(" " + f.rule + " " + f.title));
    li.appendChild(head);
    li.appendChild(el("div", null, f.message));
    if (f.law.length) { li.appendChild(el("div", "law", T.law + T.colon + f.law.join(T.sep))); }
    li.appendChild(el("div", "fid", f.id));
    if (safeHref(f.href)) {
      var a = el("a", null, T.open_view);
      a.setAttribute("href", f.href);
      li.appendChild(a);
    }
    return li;
  }
  function showItem(ekg) {
    clear();
    panel.appendChild(el("div", "kind", ekg.kind || ekg.role || ""));
    panel.appendChild(el("h3", null, ekg.name || ekg.text || ""));
    var table = el("table");
    (ekg.rows || []).forEach(function (r) {
      var tr = el("tr");
      tr.appendChild(el("td", null, r[0]));
      tr.appendChild(el("td", null, r[1]));
      table.appendChild(tr);
    });
    (ekg.rel || []).forEach(function (r) {
      var tr = el("tr");
      tr.appendChild(el("td", null, r[0]));
      var td = el("td");
      var ul = el("ul");
      r[1].forEach(function (v) { ul.appendChild(el("li", null, v)); });
      td.appendChild(ul);
      if (r[2] > r[1].length) { td.appendChild(el("div", "hint", T.more.replace("{n}", r[2]))); }
      tr.appendChild(td);
      table.appendChild(tr);
    });
    if (ekg.acts && ekg.acts.length) {
      var tr = el("tr");
      tr.appendChild(el("td", null, T.kind));
      var td = el("td"), ul = el("ul");
      ekg.acts.forEach(function (v) { ul.appendChild(el("li", null, v)); });
      td.appendChild(ul); tr.appendChild(td); table.appendChild(tr);
    }
    if (ekg.sources && ekg.sources.length) {
      var trs = el("tr");
      trs.appendChild(el("td", null, T.sources));
      trs.appendChild(el("td", null, ekg.sources.join("\n") + (ekg.more_sources ? "\n" + T.more.replace("{n}", ekg.sources.length + ekg.more_sources) : "")));
      trs.lastChild.style.whiteSpace = "pre-line";
      table.appendChild(trs);
    }
    panel.appendChild(table);
    if (ekg.findings && ekg.findings.length) {
      panel.appendChild(el("h3", null, T.findings));
      var list = el("ul", "findings");
      ekg.findings.forEach(function (i) { list.appendChild(findingBlock(i)); });
      panel.appendChild(list);
    }
  }
  function hint() { clear(); panel.appendChild(el("p", "hint", T.click_hint)); }

  network.on("click", function (params) {
    if (params.nodes.length) { showItem(byId[params.nodes[0]].ekg); }
    else if (params.edges.length) { showItem(edgeById[params.edges[0]].ekg); }
    else { hint(); }
  });

  function showFinding(i, li) {
    var f = data.findings[i];
    Array.prototype.forEach.call(document.querySelectorAll(".findings li.active"), function (x) { x.classList.remove("active"); });
    if (li) { li.classList.add("active"); }
    network.selectNodes(f.nodes);
    if (f.nodes.length) { network.fit({ nodes: f.nodes, animation: false }); }
    clear();
    var list = el("ul", "findings");
    list.appendChild(findingBlock(i));
    panel.appendChild(list);
  }
  Array.prototype.forEach.call(document.querySelectorAll("#findings-list li[data-finding]"), function (li) {
    li.addEventListener("click", function () { showFinding(Number(li.getAttribute("data-finding")), li); });
  });

  var input = document.getElementById("search"), status = document.getElementById("search-status");
  function search() {
    var q = input.value.trim().toLowerCase();
    if (!q) { status.textContent = ""; network.unselectAll(); return; }
    var hits = data.nodes.filter(function (n) {
      return n.ekg.search.indexOf(q) >= 0 || String(n.label).toLowerCase().indexOf(q) >= 0;
    }).map(function (n) { return n.id; });
    status.textContent = hits.length ? T.matches.replace("{n}", hits.length) : T.no_match;
    network.selectNodes(hits);
    if (hits.length) { network.fit({ nodes: hits, animation: false }); }
    if (hits.length === 1) { showItem(byId[hits[0]].ekg); }
  }
  document.getElementById("search-button").addEventListener("click", search);
  input.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { search(); } });
  document.getElementById("fit-button").addEventListener("click", function () { network.unselectAll(); network.fit({ animation: false }); });
  document.getElementById("print-button").addEventListener("click", function () { window.print(); });

  function sizeMain() {
    document.documentElement.style.setProperty("--top", document.getElementById("top").offsetHeight + "px");
  }
  window.addEventListener("resize", sizeMain);
  sizeMain();
  network.redraw();
  network.fit({ animation: false });
  hint();
  window.ekgNetwork = network;
})();
"""

PAGE = """<!DOCTYPE html>
<html lang="{{ 'en' if view.lang == 'en' else 'zh-CN' }}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{ csp }}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ view.title }} · {{ view.scope }}</title>
<style>{{ css|safe }}</style>
<script>{{ vis_js|safe }}</script>
</head>
<body>
<div id="top">
<header>
  {% if view.back_href %}<a href="{{ view.back_href }}">← {{ t.back }}</a>{% endif %}
  <h1>{{ view.title }}</h1>
  <div class="meta">
    <span><b>{{ t.scope }}</b> {{ view.scope }}</span>
    <span><b>{{ t.as_of }}</b> {{ view.as_of }}</span>
    <span>{{ view.nodes|length }} {{ t.nodes }} · {{ view.edges|length }} {{ t.edges }}</span>
    <span><b>{{ t.findings }}</b> {{ view.findings|length }}</span>
    {% for label, text in view.header %}<span><b>{{ label }}</b> {{ text }}</span>{% endfor %}
  </div>
  {% if view.notice %}<p class="notice">{{ view.notice }}</p>{% endif %}
  {% if view.banner and view.findings %}{% set f = view.findings[0] %}
  <div class="banner" style="border-color: {{ colours[f.severity] }}">
    <span class="sev sev-{{ f.severity }}">{{ f.severity_name }}</span> {{ f.rule }} {{ f.title }}{{ t.colon }}{{ f.message }}
    <div class="law">{{ t.law }}{{ t.colon }}{{ f.law|join(t.sep) }}</div>
  </div>
  {% endif %}
</header>
<div class="toolbar">
  <input id="search" type="search" placeholder="{{ t.search }}" aria-label="{{ t.search }}">
  <button id="search-button" type="button">{{ t.find }}</button>
  <button id="fit-button" type="button">{{ t.fit }}</button>
  <button id="print-button" type="button">{{ t.print }}</button>
  <span id="search-status" class="status"></span>
</div>
</div>
<main>
  <div id="graph" role="img" aria-label="{{ view.scope }}"></div>
  <aside>
    <section id="legend">
      <h2>{{ t.legend }}</h2>
      <ul class="legend">
      {% for k in view.legend %}<li data-kind="{{ k.key }}">{{ swatch(k)|safe }}<span>{{ k.label }}</span></li>
      {% endfor %}</ul>
      {% if view.edge_legend %}<ul class="legend links">
      {% for e in view.edge_legend %}<li><svg width="34" height="10" aria-hidden="true"><line x1="1" y1="5" x2="33" y2="5" stroke="{{ e.colour }}" stroke-width="{{ e.width }}"{% if e.dashed %} stroke-dasharray="5 3"{% endif %}/></svg><span>{{ e.label }}</span></li>
      {% endfor %}</ul>{% endif %}
    </section>
    <section>
      <h2>{{ t.details }}</h2>
      <div id="details"><p class="hint">{{ t.click_hint }}</p></div>
    </section>
    <section>
      <h2>{{ t.findings_n.format(n=view.findings|length) }}</h2>
      {% if view.findings %}<ul class="findings" id="findings-list">
      {% for f in view.findings %}<li data-finding="{{ loop.index0 }}" data-severity="{{ f.severity }}" style="border-left-color: {{ colours[f.severity] }}">
        <div><span class="sev sev-{{ f.severity }}">{{ f.severity_name }}</span> {{ f.rule }} {{ f.title }}</div>
        <div>{{ f.message }}</div>
        <div class="law">{{ t.law }}{{ t.colon }}{{ f.law|join(t.sep) }}</div>
        <div class="fid">{{ f.id }}{% if f.href %} · <a href="{{ f.href }}">{{ t.open_view }}</a>{% endif %}</div>
      </li>
      {% endfor %}</ul>{% else %}<p class="hint" id="findings-list">{{ t.no_findings }}</p>{% endif %}
    </section>
  </aside>
</main>
<script type="application/json" id="ekg-data">{{ data_json|safe }}</script>
<script>{{ app_js|safe }}</script>
</body>
</html>
"""


@cache
def vis_js() -> str:
    """vis-network as shipped in the pyvis package (the same file pyvis inlines)."""
    return resources.files("pyvis").joinpath(*VIS_JS).read_text(encoding="utf-8")


def script_json(value: Any) -> str:
    """JSON that can sit inside a ``<script>`` block: no text in it can end the block or open a comment."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def csp(*scripts: str) -> str:
    """Allow exactly these inline scripts, inline styles, and nothing from anywhere else."""
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode('utf-8')).digest()).decode()}'" for s in scripts)
    script_src = hashes or "'none'"
    return (f"default-src 'none'; script-src {script_src}; style-src 'unsafe-inline'; img-src data:; "
            "base-uri 'none'; form-action 'none'")


SHAPES = {
    "box": '<rect x="2" y="4" width="22" height="12" rx="3"',
    "ellipse": '<ellipse cx="13" cy="10" rx="11" ry="6"',
    "diamond": '<polygon points="13,1 22,10 13,19 4,10"',
    "dot": '<circle cx="13" cy="10" r="5"',
    "square": '<rect x="6" y="3" width="14" height="14"',
    "triangle": '<polygon points="13,2 22,18 4,18"',
    "hexagon": '<polygon points="8,2 18,2 23,10 18,18 8,18 3,10"',
}


def swatch(entry: dict[str, Any]) -> str:
    """A small SVG of a legend entry's shape and colours (values come from the style table, not from data)."""
    dash = ' stroke-dasharray="3 2"' if entry["dashed"] else ""
    return (f'<svg width="26" height="20" aria-hidden="true">{SHAPES[entry["shape"]]} fill="{escape(entry["fill"])}" '
            f'stroke="{escape(entry["border"])}" stroke-width="1.5"{dash}/></svg>')


def vis_options() -> dict[str, Any]:
    font = {"face": FONT_STACK, "size": 14, "color": "#212529"}
    return {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "interaction": {"hover": True, "tooltipDelay": 120, "multiselect": True, "keyboard": False},
        "nodes": {"font": font, "margin": 8, "widthConstraint": {"minimum": 40}},
        "edges": {
            "font": {**font, "size": 11, "color": "#495057", "strokeWidth": 4, "strokeColor": "#ffffff", "align": "middle"},
            "smooth": {"enabled": True, "type": "cubicBezier", "forceDirection": "horizontal", "roundness": 0.45},
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.55}},
            "selectionWidth": 2,
        },
    }


_ENV = Environment(autoescape=True)
_TEMPLATE = _ENV.from_string(PAGE)


def render(view: View) -> str:
    """The HTML page of one view."""
    payload = {
        "nodes": view.nodes, "edges": view.edges, "findings": view.findings, "ui": ui(view.lang),
        "options": vis_options(), "colours": SEVERITY_COLOURS,
    }
    js = vis_js()
    return _TEMPLATE.render(
        view=view, t=ui(view.lang), css=CSS, vis_js=js, app_js=APP_JS, csp=csp(js, APP_JS),
        data_json=script_json(payload), swatch=swatch, colours=SEVERITY_COLOURS,
    )
