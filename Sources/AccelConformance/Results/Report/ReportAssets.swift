/// The style sheet and script inlined into every HTML report: the file must open from a
/// mail attachment or a CI artifact with no network, so nothing is fetched.
enum ReportAssets {
    static let style = """
        :root { font-family: system-ui, sans-serif; font-size: 14px; color: #1d1d1f; background: #fafafa; }
        body { margin: 0 auto; max-width: 1200px; padding: 1em 2em 4em; }
        h1 { font-size: 1.6em; margin-bottom: .2em; }
        h2 { font-size: 1.25em; margin: 1.6em 0 .3em; border-bottom: 1px solid #ccc; }
        .meta { color: #555; margin: .1em 0; }
        .meta code, pre { font-family: ui-monospace, monospace; font-size: 12px; }
        .abort { background: #fde2e1; border: 1px solid #c00; padding: .5em; }
        nav#filters { position: sticky; top: 0; background: #fafafa; padding: .5em 0; border-bottom: 1px solid #ddd;
          z-index: 1; display: flex; flex-wrap: wrap; gap: .4em 1em; align-items: center; }
        nav#filters label { white-space: nowrap; }
        .bar { display: flex; height: 18px; width: 100%; max-width: 700px; border: 1px solid #999; margin: .4em 0; }
        .bar span { display: block; height: 100%; }
        table { border-collapse: collapse; }
        table.counts td, table.counts th { padding: 1px 8px; text-align: right; }
        table.counts th { text-align: left; }
        table.cases { width: 100%; margin-top: .5em; table-layout: fixed; }
        table.cases col.c-name { width: 62%; } table.cases col.c-status { width: 9%; }
        table.cases col.c-cls { width: 12%; } table.cases col.c-ioctl { width: 11%; } table.cases col.c-ms { width: 6%; }
        table.cases th { text-align: left; background: #eee; position: sticky; top: 2.6em; }
        table.cases td { padding: 2px 6px; border-bottom: 1px solid #eee; vertical-align: top; }
        td.name { font-family: ui-monospace, monospace; }
        .badge { display: inline-block; padding: 0 6px; border-radius: 3px; color: #fff; font-size: 12px; }
        .st-pass { background: #2e7d32; } .st-skip { background: #8d8d8d; } .st-fail { background: #c62828; }
        .st-crash { background: #6a1b9a; } .st-timeout { background: #ef6c00; } .st-incomplete { background: #795548; }
        .st-dmesg-warn { background: #f9a825; } .st-dmesg-fail { background: #ad1457; } .st-notrun { background: #b0bec5; }
        .st-abort { background: #000; }
        .cls { font-size: 12px; color: #333; }
        .cls-bad { color: #c62828; font-weight: bold; }
        details.case { margin: .3em 0 .6em; }
        details.case dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 1em; margin: .4em 0; }
        details.case dt { font-weight: bold; }
        details.case dd { margin: 0; }
        pre { background: #f0f0f0; border: 1px solid #ddd; padding: .4em; overflow-x: auto; max-height: 30em; white-space: pre; }
        .hidden { display: none; }
        .compare h3 { font-size: 1.05em; margin: .8em 0 .2em; }
        .compare li { font-family: ui-monospace, monospace; font-size: 12px; }
        #shown { color: #555; }
        """

    /// Filters rows by status, group and text. Errors are counted on the root element
    /// (`data-js-errors`) and `data-report-ready` marks a finished set-up, so a headless
    /// browser check can read both from the DOM.
    static let script = """
        (function () {
          'use strict';
          var root = document.documentElement;
          root.setAttribute('data-js-errors', '0');
          window.addEventListener('error', function () {
            root.setAttribute('data-js-errors', String(Number(root.getAttribute('data-js-errors')) + 1));
          });
          function apply() {
            var statuses = {};
            document.querySelectorAll('input.status-filter').forEach(function (box) { statuses[box.value] = box.checked; });
            var group = document.getElementById('group-filter').value;
            var text = document.getElementById('text-filter').value.toLowerCase();
            var shown = 0;
            document.querySelectorAll('tr.case').forEach(function (row) {
              var visible = statuses[row.dataset.status] !== false &&
                (group === '' || row.dataset.group === group) &&
                (text === '' || row.dataset.name.indexOf(text) >= 0);
              row.classList.toggle('hidden', !visible);
              if (visible) { shown += 1; }
            });
            document.getElementById('shown').textContent = shown + ' case(s) shown';
          }
          document.querySelectorAll('input.status-filter').forEach(function (box) { box.addEventListener('change', apply); });
          document.getElementById('group-filter').addEventListener('change', apply);
          document.getElementById('text-filter').addEventListener('input', apply);
          function onlyProblems() {
            document.querySelectorAll('input.status-filter').forEach(function (box) {
              box.checked = box.value !== 'pass' && box.value !== 'skip';
            });
            apply();
          }
          document.getElementById('only-problems').addEventListener('click', onlyProblems);
          document.getElementById('show-all').addEventListener('click', function () {
            document.querySelectorAll('input.status-filter').forEach(function (box) { box.checked = true; });
            document.getElementById('group-filter').value = '';
            document.getElementById('text-filter').value = '';
            apply();
          });
          apply();
          // report.html#problems: a link (or a screenshot) straight to the explained failures.
          if (window.location.hash === '#problems') {
            onlyProblems();
            document.querySelectorAll('tr.case:not(.hidden) details.case').forEach(function (d) { d.open = true; });
          }
          root.setAttribute('data-report-ready', '1');
        })();
        """
}
