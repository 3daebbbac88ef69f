/// The pages' one stylesheet, served at `/assets/app.css`: no external fonts or images, light and
/// dark from the reader's preference, one column from 320 pixels up, and print styles that drop the
/// navigation and the forms.
enum WebStyles {
    static let css = """
        :root { color-scheme: light dark; --bg: #ffffff; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --accent: #0a58ca;
          --panel: #f6f8fa; --bad: #b42318; --warn: #8a5a00; --good: #1a7f37; --added: #e6f4ea; --removed: #fdecea; }
        @media (prefers-color-scheme: dark) {
          :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9da7b3; --line: #30363d; --accent: #58a6ff; --panel: #161b22;
            --bad: #ff7b72; --warn: #e3b341; --good: #56d364; --added: #12261e; --removed: #2d1214; }
        }
        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; }
        body { margin: 0; background: var(--bg); color: var(--fg); font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
        a { color: var(--accent); }
        a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible {
          outline: 3px solid var(--accent); outline-offset: 2px; }
        .skip { position: absolute; left: -999px; top: 0; }
        .skip:focus { left: 8px; background: var(--bg); padding: 4px 8px; z-index: 1; }
        header.top { border-bottom: 1px solid var(--line); background: var(--panel); }
        header.top nav { max-width: 72rem; margin: 0 auto; padding: 0.5rem 1rem; display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; align-items: center; }
        header.top .brand { font-weight: 700; text-decoration: none; color: var(--fg); margin-right: auto; }
        header.top form { margin: 0; }
        main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
        footer { max-width: 72rem; margin: 2rem auto; padding: 0 1rem; color: var(--muted); font-size: 0.875rem; }
        h1 { font-size: 1.5rem; margin: 0.5rem 0 1rem; overflow-wrap: anywhere; }
        h2 { font-size: 1.2rem; margin: 1.5rem 0 0.5rem; }
        h3 { font-size: 1rem; margin: 1rem 0 0.25rem; }
        p, li, td, th, dd { overflow-wrap: anywhere; }
        .muted { color: var(--muted); }
        .crumbs { font-size: 0.875rem; margin: 0; }
        .table { width: 100%; overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; vertical-align: top; padding: 0.4rem 0.5rem; border-bottom: 1px solid var(--line); }
        th { font-size: 0.875rem; color: var(--muted); font-weight: 600; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        .badge { display: inline-block; padding: 0 0.4rem; border: 1px solid currentColor; border-radius: 0.6rem; font-size: 0.8rem; white-space: nowrap; }
        .s-overdue, .s-owedReview, .s-orphaned, .s-critical, .s-high, .s-rejected { color: var(--bad); }
        .s-waiting, .s-dueSoon, .s-medium, .s-proposed, .s-approved { color: var(--warn); }
        .s-fresh, .s-published, .s-low, .s-resolved { color: var(--good); }
        .panel { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 0.75rem 1rem; margin: 1rem 0; }
        .notice { border-left: 4px solid var(--accent); }
        .error { border-left: 4px solid var(--bad); }
        pre { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 0.75rem; overflow-x: auto; white-space: pre-wrap;
          overflow-wrap: anywhere; font-size: 0.875rem; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0.5rem 0; }
        dl.facts dt { color: var(--muted); }
        dl.facts dd { margin: 0; }
        form.stack { display: grid; gap: 0.5rem; max-width: 48rem; }
        form.inline { display: inline; }
        label { font-weight: 600; }
        input[type=text], input[type=password], input[type=date], select, textarea { width: 100%; padding: 0.4rem; font: inherit;
          color: var(--fg); background: var(--bg); border: 1px solid var(--line); border-radius: 4px; }
        textarea { min-height: 8rem; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 0.875rem; }
        textarea.yaml { min-height: 24rem; }
        button { font: inherit; padding: 0.35rem 0.9rem; border-radius: 4px; border: 1px solid var(--accent); background: var(--accent); color: #ffffff;
          cursor: pointer; }
        button.secondary { background: transparent; color: var(--accent); }
        button.danger { background: var(--bad); border-color: var(--bad); }
        .filters { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: end; }
        .filters > div { min-width: 10rem; }
        .diff td.before { background: var(--removed); }
        .diff td.after { background: var(--added); }
        .diff tr.same td { background: transparent; }
        ol.timeline { list-style: none; padding: 0; margin: 0; border-left: 2px solid var(--line); }
        ol.timeline li { margin: 0 0 1rem 0; padding-left: 1rem; }
        .pager { display: flex; gap: 1rem; margin: 1rem 0; }
        @media (max-width: 40rem) {
          dl.facts { grid-template-columns: 1fr; }
          th, td { padding: 0.3rem; }
          table.stack-sm thead { display: none; }
          table.stack-sm tr { display: block; border-bottom: 1px solid var(--line); padding: 0.25rem 0; }
          table.stack-sm td { display: block; border: 0; padding: 0.1rem 0.3rem; }
          table.stack-sm td[data-label]::before { content: attr(data-label) ": "; color: var(--muted); }
        }
        @media print {
          header.top, footer, form, .pager, .skip, .no-print { display: none !important; }
          body { background: #ffffff; color: #000000; }
          main { max-width: none; padding: 0; }
          a { color: inherit; text-decoration: none; }
          pre, .panel { border-color: #999999; background: #ffffff; }
        }
        """
}
