/// The board report's templates (Mustache), kept in the program so that the one binary renders it
/// anywhere. The HTML page has no script and loads nothing: its styles are inline, its charts SVG.
enum BoardReportTemplates {
    static let markdown = #"""
        {{% CONTENT_TYPE: TEXT}}
        # {{title}}
        {{#reports}}

        ## {{workspace}}, {{quarter}}

        Quarter {{firstDay}} to {{lastDay}} ({{timeZone}}). Made {{generatedAt}}.
        Every figure comes from the first {{checkpoint.size}} events of the log, signed in checkpoint `{{checkpoint.root}}` (key {{checkpoint.keyId}}).

        ### Summary

        | ICP | Status | Operating | Published | Definition drift | Market drift | Fit share | Findings opened / resolved | Cadence | Lint |
        |---|---|---|---:|---:|---:|---:|---:|---|---:|
        {{#summary}}
        | {{name}} | {{status}} | {{revision}} | {{published}} | {{definitionDrift}} | {{marketDrift}} | {{fitShare}} | {{findings}} | {{cadence}} | {{lint}} |
        {{/summary}}
        {{^hasICPs}}
        No ICP existed by the end of the quarter.
        {{/hasICPs}}
        {{#icps}}

        ### {{name}}

        Status {{status}}, owner {{owner}}, operating at the quarter's end: {{operating}}.

        #### Revisions published

        {{#revisions}}
        - **Revision {{revision}}**{{#emergency}} (emergency){{/emergency}}, published {{publishedOn}} by {{publishedBy}}, effective {{effectiveOn}}. Changes: {{diffSummary}} (distance {{distance}}).
          - Rationale: {{rationale}}
          {{#justification}}
          - Justification: {{justification}}
          {{/justification}}
          - Proposed by {{proposer}}; approved by {{approvers}}.
          {{#evidenceText}}
          - Evidence: {{evidenceText}}
          {{/evidenceText}}
          {{#afterTheFact}}
          - After-the-fact review: {{afterTheFact}}
          {{/afterTheFact}}
        {{/revisions}}
        {{^hasRevisions}}
        None this quarter.
        {{/hasRevisions}}

        #### Disqualifiers

        {{#added}}
        - Added in revision {{revision}}: {{rule}} ({{reason}})
        {{/added}}
        {{#removed}}
        - Removed in revision {{revision}}: {{rule}} ({{reason}})
        {{/removed}}
        {{^hasDisqualifierChanges}}
        No change this quarter.
        {{/hasDisqualifierChanges}}

        #### Drift (percentage points of the pipeline in fit)

        | Quarter | Snapshots | Revisions | Definition, count | Definition, value | Market, count | Market, value | Note |
        |---|---|---|---:|---:|---:|---:|---|
        {{#drift}}
        | {{quarter}} | {{previousSnapshot}} → {{snapshot}} | {{revisions}} | {{definitionCount}} | {{definitionValue}} | {{marketCount}} | {{marketValue}} | {{note}} |
        {{/drift}}

        #### Fit share by quarter

        {{#hasTrend}}
        | Quarter | Snapshot | Revision | By count | By value | Rows |
        |---|---|---:|---:|---:|---:|
        {{#fitTrend}}
        | {{quarter}} | {{snapshot}} | {{revision}} | {{count}} | {{value}} | {{rows}} |
        {{/fitTrend}}
        {{/hasTrend}}
        {{^hasTrend}}
        No snapshot scored this ICP in these quarters.
        {{/hasTrend}}

        #### Findings

        {{#findings}}
        - **{{audit}} audit**: {{opened}} opened, {{resolved}} resolved
        {{#findings}}
          - [{{severity}}] {{summary}} (recorded {{recorded}}, {{resolution}}){{#metrics}}. {{metrics}}{{/metrics}}
        {{/findings}}
        {{/findings}}
        {{^hasFindings}}
        None opened or resolved this quarter.
        {{/hasFindings}}

        #### Review cadence

        {{#cadence}}
        On time {{onTime}}, late {{late}}; {{daysOverdue}} days overdue in the quarter; due {{dueAtEnd}} at its end ({{daysStaleAtEnd}} days stale). Stale flags: {{staleFlags}}. Emergency publishes {{emergencyPublishes}}, reviewed after the fact {{emergencyReviewed}}.
        {{#hasReviews}}

        | Day | What | By | Due | Timing | Notes |
        |---|---|---|---|---|---|
        {{#reviews}}
        | {{day}} | {{kind}} | {{by}} | {{due}} | {{timing}} | {{notes}} |
        {{/reviews}}
        {{/hasReviews}}
        {{/cadence}}

        #### Lint of the operating revision

        {{#lint}}
        - {{code}} {{slug}}: {{message}}
        {{/lint}}
        {{^hasLint}}
        No warning.
        {{/hasLint}}
        {{/icps}}

        ### Checkpoint

        Verify offline with the service's public key: `icpledger verify --offline DIR --public-key KEY --checkpoint FILE`, FILE holding these lines:

        ```
        {{#checkpoint.noteLines}}
        {{.}}
        {{/checkpoint.noteLines}}
        ```
        {{/reports}}

        """#

    static let html = #"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}}</title>
        <style>
        :root { color-scheme: light dark; --ink: #1b1b1f; --muted: #4a4a55; --line: #c8c8d0; --paper: #ffffff; --band: #f3f4f7;
          --count: #1f5fa8; --value: #8a4500; --definition: #6a3fb5; --market: #0f6e4f; --warn: #8f1d1d; }
        @media (prefers-color-scheme: dark) { :root { --ink: #ececf1; --muted: #b9b9c4; --line: #4b4b57; --paper: #17171b; --band: #22222a;
          --count: #8ab8ff; --value: #ffb366; --definition: #c5a8ff; --market: #6fdcb4; --warn: #ff9b9b; } }
        * { box-sizing: border-box; }
        body { margin: 0 auto; max-width: 72rem; padding: 1rem; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: var(--paper); }
        h1 { font-size: 1.6rem; margin: 0 0 .25rem; } h2 { font-size: 1.4rem; margin-top: 1.5rem; } h3 { font-size: 1.25rem; margin-top: 2rem; border-top: 2px solid var(--line); padding-top: 1rem; }
        h4 { font-size: 1.05rem; margin-bottom: .4rem; }
        p.meta, .muted { color: var(--muted); }
        table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .92rem; }
        caption { text-align: left; font-weight: 600; padding: .25rem 0; }
        th, td { border-bottom: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
        th { background: var(--band); } td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
        .scroll { overflow-x: auto; }
        .charts { display: flex; flex-wrap: wrap; gap: 1rem; }
        figure { margin: 0; flex: 1 1 22rem; } figcaption { font-size: .85rem; color: var(--muted); }
        svg { width: 100%; height: auto; max-width: 560px; } svg text { fill: var(--muted); font-size: 11px; }
        .grid { stroke: var(--line); stroke-width: 1; } .count { stroke: var(--count); fill: none; stroke-width: 2.5; }
        .value { stroke: var(--value); fill: none; stroke-width: 2.5; stroke-dasharray: 6 4; } .dot { fill: var(--count); }
        .bar-definition { fill: var(--definition); } .bar-market { fill: var(--market); }
        .key-count { color: var(--count); } .key-value { color: var(--value); } .key-definition { color: var(--definition); } .key-market { color: var(--market); }
        .emergency { color: var(--warn); font-weight: 600; }
        pre { background: var(--band); padding: .75rem; overflow-x: auto; font-size: .8rem; }
        a { color: var(--count); }
        section.icp { break-before: auto; }
        @media print {
          :root { --ink: #000; --muted: #333; --paper: #fff; --band: #eee; }
          body { max-width: none; font-size: 10.5pt; padding: 0; }
          section.icp, article + article { break-before: page; } table, figure, li { break-inside: avoid; }
          a { color: inherit; text-decoration: none; } nav { display: none; }
        }
        </style>
        </head>
        <body>
        <header>
        <h1>{{title}}</h1>
        </header>
        <main>
        {{#reports}}
        <article aria-labelledby="{{prefix}}-heading">
        <h2 id="{{prefix}}-heading">{{workspace}}, {{quarter}}</h2>
        <p class="meta">Quarter {{firstDay}} to {{lastDay}} ({{timeZone}}). Made {{generatedAt}}. Every figure comes from the first {{checkpoint.size}} events of the log, covered by the signed checkpoint at the end.</p>
        <section aria-labelledby="{{prefix}}-summary">
        <h3 id="{{prefix}}-summary">Summary</h3>
        {{#hasICPs}}
        <div class="scroll">
        <table>
        <caption>Each ICP at the quarter's end</caption>
        <thead><tr><th scope="col">ICP</th><th scope="col">Status</th><th scope="col">Operating</th><th scope="col" class="n">Published</th><th scope="col" class="n">Definition drift</th><th scope="col" class="n">Market drift</th><th scope="col" class="n">Fit share</th><th scope="col" class="n">Findings opened / resolved</th><th scope="col">Cadence</th><th scope="col" class="n">Lint</th></tr></thead>
        <tbody>
        {{#summary}}
        <tr><th scope="row">{{name}}</th><td>{{status}}</td><td>{{revision}}</td><td class="n">{{published}}</td><td class="n">{{definitionDrift}}</td><td class="n">{{marketDrift}}</td><td class="n">{{fitShare}}</td><td class="n">{{findings}}</td><td>{{cadence}}</td><td class="n">{{lint}}</td></tr>
        {{/summary}}
        </tbody>
        </table>
        </div>
        <nav aria-label="ICPs of {{workspace}}"><ul>{{#icps}}<li><a href="#{{anchor}}">{{name}}</a></li>{{/icps}}</ul></nav>
        {{/hasICPs}}
        {{^hasICPs}}
        <p>No ICP existed by the end of the quarter.</p>
        {{/hasICPs}}
        </section>
        {{#icps}}
        <section class="icp" id="{{anchor}}" aria-labelledby="{{anchor}}-heading">
        <h3 id="{{anchor}}-heading">{{name}}</h3>
        <p>Status {{status}}, owner {{owner}}, operating at the quarter's end: {{operating}}.</p>
        <div class="charts">
        {{#trendChart}}
        <figure>
        <svg viewBox="0 0 560 220" role="img" aria-labelledby="{{anchor}}-trend-title {{anchor}}-trend-desc">
        <title id="{{anchor}}-trend-title">{{title}}</title>
        <desc id="{{anchor}}-trend-desc">{{summary}}</desc>
        <line class="grid" x1="44" y1="16" x2="520" y2="16"/><line class="grid" x1="44" y1="100" x2="520" y2="100"/><line class="grid" x1="44" y1="184" x2="520" y2="184"/>
        <text x="38" y="20" text-anchor="end">100%</text><text x="38" y="104" text-anchor="end">50%</text><text x="38" y="188" text-anchor="end">0%</text>
        {{^empty}}
        <polyline class="count" points="{{countLine}}"/>
        <polyline class="value" points="{{valueLine}}"/>
        {{#countPoints}}<circle class="dot" cx="{{x}}" cy="{{y}}" r="3.5"><title>{{label}}</title></circle>{{/countPoints}}
        {{/empty}}
        {{#ticks}}<text x="{{x}}" y="206" text-anchor="middle">{{label}}</text>{{/ticks}}
        </svg>
        <figcaption>Fit share of the pipeline: <span class="key-count">solid, by count</span>; <span class="key-value">dashed, by value</span>.</figcaption>
        </figure>
        {{/trendChart}}
        {{#driftChart}}
        <figure>
        <svg viewBox="0 0 560 220" role="img" aria-labelledby="{{anchor}}-drift-title {{anchor}}-drift-desc">
        <title id="{{anchor}}-drift-title">{{title}}</title>
        <desc id="{{anchor}}-drift-desc">{{summary}}</desc>
        <line class="grid" x1="44" y1="16" x2="520" y2="16"/><line class="grid" x1="44" y1="{{zeroY}}" x2="520" y2="{{zeroY}}"/><line class="grid" x1="44" y1="184" x2="520" y2="184"/>
        <text x="38" y="20" text-anchor="end">+</text><text x="38" y="104" text-anchor="end">0</text><text x="38" y="188" text-anchor="end">−</text>
        {{#definitionBars}}<rect class="bar-definition" x="{{x}}" y="{{y}}" width="{{width}}" height="{{height}}"><title>{{label}}</title></rect>{{/definitionBars}}
        {{#marketBars}}<rect class="bar-market" x="{{x}}" y="{{y}}" width="{{width}}" height="{{height}}"><title>{{label}}</title></rect>{{/marketBars}}
        {{#ticks}}<text x="{{x}}" y="206" text-anchor="middle">{{label}}</text>{{/ticks}}
        </svg>
        <figcaption>Drift per quarter in percentage points by count (scale {{scaleLabel}}): <span class="key-definition">definition</span>, <span class="key-market">market</span>.</figcaption>
        </figure>
        {{/driftChart}}
        </div>

        <h4>Revisions published</h4>
        {{#hasRevisions}}
        <ol class="revisions">
        {{#revisions}}
        <li><strong>Revision {{revision}}</strong>{{#emergency}} <span class="emergency">(emergency)</span>{{/emergency}}, published {{publishedOn}} by {{publishedBy}}, effective {{effectiveOn}}. Changes: {{diffSummary}} (distance {{distance}}).
        <ul>
        <li>Rationale: {{rationale}}</li>
        {{#justification}}<li>Justification: {{justification}}</li>{{/justification}}
        <li>Proposed by {{proposer}}; approved by {{approvers}}.</li>
        {{#evidenceText}}<li>Evidence: <ul>{{#evidence}}<li>{{#url}}<a href="{{url}}">{{label}}</a>{{/url}}{{^url}}{{label}}{{/url}}</li>{{/evidence}}</ul></li>{{/evidenceText}}
        {{#afterTheFact}}<li>After-the-fact review: {{afterTheFact}}</li>{{/afterTheFact}}
        </ul>
        </li>
        {{/revisions}}
        </ol>
        {{/hasRevisions}}
        {{^hasRevisions}}<p>None this quarter.</p>{{/hasRevisions}}

        <h4>Disqualifiers</h4>
        {{#hasDisqualifierChanges}}
        <ul>
        {{#added}}<li>Added in revision {{revision}}: <code>{{rule}}</code> ({{reason}})</li>{{/added}}
        {{#removed}}<li>Removed in revision {{revision}}: <code>{{rule}}</code> ({{reason}})</li>{{/removed}}
        </ul>
        {{/hasDisqualifierChanges}}
        {{^hasDisqualifierChanges}}<p>No change this quarter.</p>{{/hasDisqualifierChanges}}

        <div class="scroll">
        <table>
        <caption>Drift, in percentage points of the pipeline in fit</caption>
        <thead><tr><th scope="col">Quarter</th><th scope="col">Snapshots</th><th scope="col">Revisions</th><th scope="col" class="n">Definition, count</th><th scope="col" class="n">Definition, value</th><th scope="col" class="n">Market, count</th><th scope="col" class="n">Market, value</th><th scope="col">Note</th></tr></thead>
        <tbody>
        {{#drift}}<tr><th scope="row">{{quarter}}</th><td>{{previousSnapshot}} → {{snapshot}}</td><td>{{revisions}}</td><td class="n">{{definitionCount}}</td><td class="n">{{definitionValue}}</td><td class="n">{{marketCount}}</td><td class="n">{{marketValue}}</td><td>{{note}}</td></tr>
        {{/drift}}
        </tbody>
        </table>
        </div>

        {{#hasTrend}}
        <div class="scroll">
        <table>
        <caption>Fit share by quarter (latest snapshot, as scored when imported)</caption>
        <thead><tr><th scope="col">Quarter</th><th scope="col">Snapshot</th><th scope="col" class="n">Revision</th><th scope="col" class="n">By count</th><th scope="col" class="n">By value</th><th scope="col" class="n">Rows</th></tr></thead>
        <tbody>
        {{#fitTrend}}<tr><th scope="row">{{quarter}}</th><td>{{snapshot}}</td><td class="n">{{revision}}</td><td class="n">{{count}}</td><td class="n">{{value}}</td><td class="n">{{rows}}</td></tr>
        {{/fitTrend}}
        </tbody>
        </table>
        </div>
        {{/hasTrend}}

        <h4>Findings</h4>
        {{#hasFindings}}
        <ul>
        {{#findings}}
        <li><strong>{{audit}} audit</strong>: {{opened}} opened, {{resolved}} resolved
        <ul>{{#findings}}<li>[{{severity}}] {{summary}} (recorded {{recorded}}, {{resolution}}){{#metrics}}. <span class="muted">{{metrics}}</span>{{/metrics}}</li>{{/findings}}</ul>
        </li>
        {{/findings}}
        </ul>
        {{/hasFindings}}
        {{^hasFindings}}<p>None opened or resolved this quarter.</p>{{/hasFindings}}

        <h4>Review cadence</h4>
        {{#cadence}}
        <p>On time {{onTime}}, late {{late}}; {{daysOverdue}} days overdue in the quarter; due {{dueAtEnd}} at its end ({{daysStaleAtEnd}} days stale). Stale flags: {{staleFlags}}. Emergency publishes {{emergencyPublishes}}, reviewed after the fact {{emergencyReviewed}}.</p>
        {{#hasReviews}}
        <div class="scroll">
        <table>
        <caption>Reviews and clock restarts</caption>
        <thead><tr><th scope="col">Day</th><th scope="col">What</th><th scope="col">By</th><th scope="col">Due</th><th scope="col">Timing</th><th scope="col">Notes</th></tr></thead>
        <tbody>
        {{#reviews}}<tr><th scope="row">{{day}}</th><td>{{kind}}</td><td>{{by}}</td><td>{{due}}</td><td>{{timing}}</td><td>{{notes}}</td></tr>
        {{/reviews}}
        </tbody>
        </table>
        </div>
        {{/hasReviews}}
        {{/cadence}}

        <h4>Lint of the operating revision</h4>
        {{#hasLint}}<ul>{{#lint}}<li><code>{{code}}</code> {{slug}}: {{message}}</li>{{/lint}}</ul>{{/hasLint}}
        {{^hasLint}}<p>No warning.</p>{{/hasLint}}
        </section>
        {{/icps}}
        <section aria-labelledby="{{prefix}}-checkpoint">
        <h3 id="{{prefix}}-checkpoint">Checkpoint</h3>
        <p>The log's first {{checkpoint.size}} events hash to root <code>{{checkpoint.root}}</code>, signed with key {{checkpoint.keyId}}. To check it without the database, save these lines to a file and run <code>icpledger verify --offline DIR --public-key KEY --checkpoint FILE</code> on an export of the workspace.</p>
        <pre>{{#checkpoint.noteLines}}{{.}}
        {{/checkpoint.noteLines}}</pre>
        </section>
        </article>
        {{/reports}}
        </main>
        </body>
        </html>

        """#
}
