"""HTML audit report: one self-contained file an auditor can open and hand on.

No network and no CDN: CSS, JavaScript and the charts (inline SVG bar charts
of compliance by category, by source outlet, by section and by month of
publication) are all inside the file. The findings table can be filtered
(free text, category, severity) and sorted (click a column header); each
finding links to its rule's documentation and shows the evidence and the
fix. Past `MAX_ROWS` findings the table stops and says so: the JSON report
has them all.

The findings come from a spool (an iterable of JSON lines written while the
audit ran), so the report is written without holding the findings in memory.
"""
from __future__ import annotations

import json
from html import escape

MAX_ROWS = 20000
CHART_ROWS = 15

_CSS = """
:root{--ok:#2e7d32;--bad:#c62828;--warn:#ef6c00;--info:#1565c0;--ink:#1d1d1f;--mute:#5f6368;--line:#e0e0e0}
*{box-sizing:border-box}body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);margin:0;background:#fafafa}
header{background:#263238;color:#fff;padding:18px 28px}header h1{margin:0;font-size:22px}header p{margin:4px 0 0;color:#cfd8dc}
main{padding:20px 28px;max-width:1400px}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin-bottom:18px}
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:10px 16px;min-width:130px}
.card b{display:block;font-size:24px}.card span{color:var(--mute);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(600px,1fr));gap:16px;margin-bottom:22px}
.chart{background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px 16px}
.chart h2{font-size:15px;margin:0 0 8px}.chart svg{max-width:100%;height:auto;display:block}
.chart text{font-size:13px;fill:var(--ink)}.chart .pct{fill:var(--mute)}
.legend{font-size:12px;color:var(--mute)}.legend i{display:inline-block;width:10px;height:10px;margin:0 4px 0 10px;border-radius:2px}
section.findings{background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px 16px}
.filters{display:flex;flex-wrap:wrap;gap:10px;align-items:center;margin:6px 0 12px}
.filters input{flex:1;min-width:240px;padding:6px 8px;font-size:14px;border:1px solid #bbb;border-radius:4px}
.filters select{padding:6px;font-size:14px}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
th{background:#eceff1;cursor:pointer;user-select:none;white-space:nowrap;position:sticky;top:0}
th[aria-sort=ascending]::after{content:" \\25B2"}th[aria-sort=descending]::after{content:" \\25BC"}
td.path{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;overflow-wrap:anywhere;min-width:220px;width:24%}
td small{color:var(--mute);display:block}
.sev{font-weight:600;border-radius:3px;padding:1px 6px;color:#fff;font-size:12px}
.sev-error{background:var(--bad)}.sev-warning{background:var(--warn)}.sev-info{background:var(--info)}
.note{color:var(--mute)}
"""

_JS = """
(function(){
  var rows=[].slice.call(document.querySelectorAll('#findings tbody tr'));
  var q=document.getElementById('q'),cat=document.getElementById('cat'),sev=document.getElementById('sev');
  var shown=document.getElementById('shown');
  function apply(){
    var t=q.value.trim().toLowerCase(),c=cat.value,s=sev.value,n=0;
    rows.forEach(function(r){
      var ok=(!c||r.dataset.category===c)&&(!s||r.dataset.severity===s)&&(!t||r.textContent.toLowerCase().indexOf(t)>=0);
      r.hidden=!ok;if(ok)n++;
    });
    shown.textContent=n;
  }
  [q,cat,sev].forEach(function(el){el.addEventListener('input',apply);el.addEventListener('change',apply);});
  var order={error:0,warning:1,info:2};
  document.querySelectorAll('#findings th').forEach(function(th,i){
    th.tabIndex=0;
    function sort(){
      var asc=th.getAttribute('aria-sort')!=='ascending';
      document.querySelectorAll('#findings th').forEach(function(h){h.removeAttribute('aria-sort');});
      th.setAttribute('aria-sort',asc?'ascending':'descending');
      var key=function(r){var v=r.cells[i].dataset.key||r.cells[i].textContent;
        return th.dataset.type==='sev'?order[v]:th.dataset.type==='num'?(parseFloat(v)||0):v.toLowerCase();};
      rows.sort(function(a,b){var x=key(a),y=key(b);return (x<y?-1:x>y?1:0)*(asc?1:-1);});
      var body=document.querySelector('#findings tbody');rows.forEach(function(r){body.appendChild(r);});
    }
    th.addEventListener('click',sort);
    th.addEventListener('keydown',function(e){if(e.key==='Enter')sort();});
  });
  apply();
})();
"""


def _pct(x) -> str:
    return "–" if x is None else f"{x * 100:.1f}%"


def bar_chart(title: str, rows: list[tuple[str, int, int]], *, chart_id: str) -> str:
    """A horizontal stacked bar per row: compliant (green) and failing (red)
    articles, labelled with the compliance rate. `rows` = (label, total, failing)."""
    if not rows:
        return (f'<div class="chart" id="{chart_id}"><h2>{escape(title)}</h2>'
                f'<p class="note">No data.</p></div>')
    extra = len(rows) - CHART_ROWS
    rows = rows[:CHART_ROWS]
    label_w, bar_w, row_h, pct_w = 190, 300, 24, 110
    width = label_w + bar_w + pct_w
    height = row_h * len(rows) + 8
    biggest = max(t for _, t, _ in rows) or 1
    parts = [f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
             f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">']
    for i, (label, total, failing) in enumerate(rows):
        y = 4 + i * row_h
        ok = max(0, total - failing)
        w_ok = bar_w * ok / biggest
        w_bad = bar_w * failing / biggest
        short = label if len(label) <= 28 else label[:27] + "…"
        rate = (ok / total) if total else None
        parts.append(f'<g><title>{escape(label)}: {total} articles, {failing} failing, '
                     f'{_pct(rate)} compliant</title>')
        parts.append(f'<text x="{label_w - 6}" y="{y + 16}" text-anchor="end">{escape(short)}</text>')
        parts.append(f'<rect class="bar-ok" x="{label_w}" y="{y + 3}" width="{w_ok:.1f}" height="{row_h - 8}" '
                     f'fill="#2e7d32"/>')
        parts.append(f'<rect class="bar-bad" x="{label_w + w_ok:.1f}" y="{y + 3}" width="{w_bad:.1f}" '
                     f'height="{row_h - 8}" fill="#c62828"/>')
        parts.append(f'<text class="pct" x="{label_w + w_ok + w_bad + 6:.1f}" y="{y + 16}">'
                     f'{_pct(rate)} of {total}</text></g>')
    parts.append("</svg>")
    more = f'<p class="note">… and {extra} more in the JSON report</p>' if extra > 0 else ""
    return (f'<div class="chart" id="{chart_id}"><h2>{escape(title)}</h2>'
            f'<div class="legend"><i style="background:#2e7d32"></i>compliant'
            f'<i style="background:#c62828"></i>failing</div>{"".join(parts)}{more}</div>')


def _chart_rows(block: dict, total_key: str, failed_key: str) -> list[tuple[str, int, int]]:
    return [(str(k), int(v.get(total_key) or 0), int(v.get(failed_key) or 0)) for k, v in block.items()]


def write_report(path: str, audit: dict, findings, help_uris: dict[str, str | None], *, title: str = "") -> int:
    """Write the HTML report to `path` atomically; returns the number of rows.

    `findings` yields JSON lines, each a list
    ``[path, rule, category, severity, message, line, selector, image, evidence, fix]``.
    """
    from ..output import atomic
    with atomic(path) as out:
        n = _write(out, audit, findings, help_uris, title)
    return n


def _write(out, audit: dict, findings, help_uris: dict, title: str) -> int:
    from .. import __version__
    t = audit["totals"]
    out.write('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
              '<meta name="viewport" content="width=device-width,initial-scale=1">'
              f'<title>provenance audit – {escape(title)}</title><style>{_CSS}</style></head><body>')
    out.write(f'<header><h1>Disclosure audit: {escape(title) or "articles"}</h1>'
              f'<p>provenance {escape(__version__)} · {t["files"] - t.get("skipped", 0)} articles · '
              f'AI notices, AI-image labels, photo credits, archive labels, links to the original</p></header><main>')
    cards = [("articles", t["files"] - t.get("skipped", 0)), ("compliant", _pct(t.get("compliance"))),
             ("failing", t["failed"]), ("not checkable", t["unchecked"]),
             ("errors", t["errors"]), ("warnings", t["warnings"]), ("infos", t["infos"])]
    if t.get("needs_review"):
        cards.append(("need review", t["needs_review"]))
    out.write('<div class="cards" id="totals">' + "".join(
        f'<div class="card"><b>{escape(str(v))}</b><span>{escape(k)}</span></div>' for k, v in cards) + "</div>")
    out.write('<div class="charts">')
    out.write(bar_chart("Compliance by category", _chart_rows(audit["by_category"], "applicable", "failed"),
                        chart_id="chart-category"))
    out.write(bar_chart("By source outlet", _chart_rows(audit["by_outlet"], "checked", "failed"),
                        chart_id="chart-outlet"))
    out.write(bar_chart("By section", _chart_rows(audit["by_section"], "checked", "failed"),
                        chart_id="chart-section"))
    out.write(bar_chart("By month of publication", _chart_rows(audit["by_month"], "checked", "failed"),
                        chart_id="chart-month"))
    out.write("</div>")
    if audit.get("worst_files"):
        out.write('<section class="findings" style="margin-bottom:18px"><h2 style="font-size:15px;margin:0 0 8px">'
                  'Worst files</h2><table id="worst"><thead><tr><th>file</th><th>errors</th><th>warnings</th>'
                  '</tr></thead><tbody>')
        for w in audit["worst_files"]:
            out.write(f'<tr><td class="path">{escape(w["path"])}</td><td>{w["errors"]}</td>'
                      f'<td>{w["warnings"]}</td></tr>')
        out.write("</tbody></table></section>")

    if audit.get("needs_review"):
        # Pictures the checker could not decide: listed apart so an editor can
        # go through them; they are infos and never fail the audit.
        count = audit["totals"].get("needs_review", len(audit["needs_review"]))
        out.write('<section class="findings" id="needs-review" style="margin-bottom:18px">'
                  f'<h2 style="font-size:15px;margin:0 0 8px">Needs review: {count} '
                  f'{"picture" if count == 1 else "pictures"}</h2>'
                  '<p class="note">Pictures that may be editorial and show no credit. The checker could not '
                  'tell their role (no caption, no editorial size, not the page\'s declared image): a person '
                  'decides.</p><table id="review"><thead><tr><th>file</th><th>picture</th><th>why</th>'
                  '</tr></thead><tbody>')
        for item in audit["needs_review"]:
            where = f":{item['line']}" if item.get("line") else ""
            sel = f"<small>[{escape(item['selector'])}]</small>" if item.get("selector") else ""
            out.write(f'<tr><td class="path">{escape(item["path"])}{where}</td>'
                      f'<td>{escape(item.get("image") or "")}{sel}</td><td>{escape(item.get("why") or "")}</td></tr>')
        out.write("</tbody></table></section>")

    cats = sorted(audit["by_category"])
    out.write('<section class="findings"><h2 style="font-size:15px;margin:0">Findings</h2>'
              '<div class="filters"><input id="q" type="search" placeholder="Filter: file, rule, message, evidence…" '
              'aria-label="Filter findings">'
              '<select id="cat" aria-label="Category"><option value="">all categories</option>'
              + "".join(f'<option>{escape(c)}</option>' for c in cats) + '</select>'
              '<select id="sev" aria-label="Severity"><option value="">all severities</option>'
              '<option>error</option><option>warning</option><option>info</option></select>'
              '<span><b id="shown">0</b> shown</span></div>')
    out.write('<table id="findings"><thead><tr><th>file</th><th data-type="sev">severity</th><th>category</th>'
              '<th>rule</th><th>message</th><th>evidence</th><th>fix</th></tr></thead><tbody>')
    n = total = 0
    for line in findings:
        if not line.strip():
            continue
        total += 1
        if n >= MAX_ROWS:
            continue
        path, rule, cat, sev, msg, lineno, selector, image, evidence, fix = json.loads(line)
        where = f":{lineno}" if lineno else ""
        loc = " ".join(x for x in (selector and f"[{selector}]", image and f"image {image}") if x)
        uri = help_uris.get(rule)
        rule_html = f'<a href="{escape(uri)}">{escape(rule)}</a>' if uri else escape(rule)
        out.write(f'<tr data-category="{escape(cat)}" data-severity="{escape(sev)}">'
                  f'<td class="path">{escape(path)}{where}</td>'
                  f'<td data-key="{escape(sev)}"><span class="sev sev-{escape(sev)}">{escape(sev)}</span></td>'
                  f'<td>{escape(cat)}</td><td>{rule_html}</td>'
                  f'<td>{escape(msg)}{f"<small>{escape(loc)}</small>" if loc else ""}</td>'
                  f'<td>{escape(evidence or "")}</td><td>{escape(fix or "")}</td></tr>')
        n += 1
    out.write("</tbody></table>")
    if total > n:
        out.write(f'<p class="note">Showing the first {n} of {total} findings; the JSON report has all of them.</p>')
    elif not total:
        out.write('<p class="note">No findings.</p>')
    out.write(f"</section></main><script>{_JS}</script></body></html>\n")
    return n
