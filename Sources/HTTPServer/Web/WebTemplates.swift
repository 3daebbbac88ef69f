import Mustache

/// The pages' Mustache templates, kept in the program. `{{…}}` escapes for HTML; the one triple
/// mustache, the layout's `{{{body}}}`, takes a page rendered by these same templates. No template
/// holds a script or an inline style, so the Content-Security-Policy allows neither.
enum WebTemplates {
    /// Parsed once; a template that does not parse is a bug the tests catch.
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        for (name, text) in all {
            do {
                try library.register(text, named: name)
            } catch {
                preconditionFailure("web template \(name) does not parse: \(error)")
            }
        }
        return library
    }()

    static let all: [(String, String)] = [
        ("layout", layout), ("signIn", signIn), ("error", error), ("portfolio", portfolio), ("workspace", workspace), ("icp", icp),
        ("history", history), ("diff", diff), ("propose", propose), ("proposal", proposal), ("findings", findings),
        ("schedule", schedule), ("csrf", csrf), ("reportBar", reportBar),
    ]

    /// The bar above a rendered board report (the report is its own page; print hides the bar).
    static let reportBar = #"""
        <nav aria-label="Report">
        <p><a href="{{workspaceHref}}">Back to the workspace</a> · Rendered {{generatedAt}} over the first {{events}} events of the log.</p>
        <form method="get" action="{{reportHref}}"><label for="quarter">Quarter</label>
        <input id="quarter" name="quarter" type="text" value="{{quarter}}"> <button type="submit">Show</button></form>
        <form method="post" action="{{reportHref}}">{{>csrf}}<input type="hidden" name="quarter" value="{{quarter}}"><button type="submit">Render again</button></form>
        </nav>
        """#

    static let csrf = #"<input type="hidden" name="csrf" value="{{csrf}}">"#

    static let layout = #"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · ICP Ledger</title>
        <link rel="icon" href="data:,">
        <link rel="stylesheet" href="/assets/app.css">
        </head>
        <body>
        <a class="skip" href="#main">Skip to the content</a>
        <header class="top">
        <nav aria-label="Main">
        <a class="brand" href="/">ICP Ledger</a>
        {{#signedIn}}
        <a href="/">Portfolio</a>
        <a href="/schedule">Schedule</a>
        <span class="muted">{{accountName}}</span>
        <form method="post" action="/sign-out">{{>csrf}}<button class="secondary" type="submit">Sign out</button></form>
        {{/signedIn}}
        </nav>
        </header>
        <main id="main">
        {{{body}}}
        </main>
        <footer>ICP Ledger: every change to the ICP is an event that is never edited or deleted.</footer>
        </body>
        </html>
        """#

    static let error = #"""
        <h1>{{heading}}</h1>
        <div class="panel error" role="alert"><p>{{detail}}</p>
        {{#fields}}<p><strong>{{field}}</strong>: {{message}}</p>{{/fields}}
        </div>
        <p><a href="{{back}}">Go back</a></p>
        """#

    static let signIn = #"""
        <h1>Sign in</h1>
        {{#message}}<div class="panel error" role="alert"><p>{{message}}</p></div>{{/message}}
        <form class="stack" method="post" action="/sign-in">
        <input type="hidden" name="next" value="{{next}}">
        <label for="token">API token</label>
        <input id="token" name="token" type="password" autocomplete="off" required>
        <p class="muted">Paste a token made with <code>icpledger token create</code> or by your workspace's administrator. The page keeps a session of
        at most 12 hours, limited as the token is; signing out ends it.</p>
        <div><button type="submit">Sign in</button></div>
        </form>
        """#

    static let portfolio = #"""
        <h1>Portfolio</h1>
        <p class="muted">Every ICP in the workspaces you work in, the most urgent first: overdue reviews, owed after-the-fact reviews, ICPs
        without an owner, proposals waiting for your approval, then reviews due soon.</p>
        {{#hasEntries}}
        <div class="table"><table class="stack-sm">
        <caption class="muted">{{countText}}</caption>
        <thead><tr><th scope="col">ICP</th><th scope="col">Workspace</th><th scope="col">Status</th><th scope="col">Next review</th><th scope="col">Owner</th></tr></thead>
        <tbody>
        {{#entries}}
        <tr><td data-label="ICP"><a href="{{icpHref}}">{{name}}</a>
        {{#waiting}}<br><a href="{{href}}">Revision {{revision}} waits for your approval</a>{{/waiting}}</td>
        <td data-label="Workspace"><a href="{{workspaceHref}}">{{workspaceName}}</a></td>
        <td data-label="Status"><span class="badge s-{{statusClass}}">{{statusLabel}}</span></td>
        <td data-label="Next review">{{due}} <span class="muted">{{daysText}}</span></td>
        <td data-label="Owner">{{owner}}</td></tr>
        {{/entries}}
        </tbody></table></div>
        {{/hasEntries}}
        {{^hasEntries}}<p>No ICP yet in the workspaces this session reaches.</p>{{/hasEntries}}
        <h2>Workspaces</h2>
        <ul>{{#workspaces}}<li><a href="{{href}}">{{name}}</a> <span class="muted">({{role}})</span></li>{{/workspaces}}</ul>
        """#

    static let workspace = #"""
        <p class="crumbs"><a href="/">Portfolio</a> ›</p>
        <h1>{{name}}</h1>
        <p class="muted">Time zone {{timeZone}}; you are {{role}} here.
        <a href="{{findingsHref}}">Findings</a> · <a href="{{reportHref}}">Board report</a> · <a href="/schedule">Schedule</a></p>
        {{#halt}}<div class="panel error" role="alert"><p>The read models of this workspace are halted: {{halt}}</p></div>{{/halt}}
        <h2>ICPs</h2>
        {{#hasICPs}}
        <div class="table"><table class="stack-sm">
        <thead><tr><th scope="col">ICP</th><th scope="col">Status</th><th scope="col">Operating</th><th scope="col">Cadence</th><th scope="col">Next review</th><th scope="col" class="num">Open proposals</th></tr></thead>
        <tbody>
        {{#icps}}
        <tr><td data-label="ICP"><a href="{{href}}">{{name}}</a></td><td data-label="Status">{{status}}</td>
        <td data-label="Operating">{{operating}}</td>
        <td data-label="Cadence"><span class="badge s-{{cadenceClass}}">{{cadence}}</span></td><td data-label="Next review">{{due}}</td>
        <td data-label="Open proposals" class="num">{{openRevisions}}</td></tr>
        {{/icps}}
        </tbody></table></div>
        {{/hasICPs}}
        {{^hasICPs}}<p>No ICP yet. Draft one with <code>icpledger icp propose</code> or the API.</p>{{/hasICPs}}
        <h2>Open proposals</h2>
        {{#proposals}}<p><a href="{{href}}">{{icpName}}, revision {{revision}}</a> — <span class="badge s-{{statusClass}}">{{status}}</span>
        proposed by {{proposer}} {{when}}</p>{{/proposals}}
        {{^proposals}}<p class="muted">None.</p>{{/proposals}}
        <h2>Findings needing attention</h2>
        {{#findings}}<p><span class="badge s-{{severity}}">{{severity}}</span> {{audit}}: {{summary}} <span class="muted">{{when}}</span></p>{{/findings}}
        {{^findings}}<p class="muted">No open finding.</p>{{/findings}}
        <h2>Recent activity</h2>
        <ol class="timeline">{{#activity}}<li><strong>{{what}}</strong> by {{who}} <span class="muted">{{when}}</span></li>{{/activity}}</ol>
        """#

    static let icp = #"""
        <p class="crumbs"><a href="/">Portfolio</a> › <a href="{{workspaceHref}}">{{workspaceName}}</a> ›</p>
        <h1>{{name}}</h1>
        <p><a href="{{historyHref}}">History</a> · <a href="{{diffHref}}">Compare revisions</a>{{#mayPropose}} · <a href="{{proposeHref}}">Propose a revision</a>{{/mayPropose}}</p>
        <dl class="facts">
        <dt>Status</dt><dd>{{status}}</dd>
        <dt>Owner</dt><dd>{{owner}}</dd>
        <dt>Next review</dt><dd>{{nextReview}}</dd>
        {{#shown}}<dt>Showing</dt><dd>revision {{revision}}, in force from {{effectiveOn}}, published {{publishedAt}} by {{publishedBy}}{{#emergency}} (emergency){{/emergency}}</dd>{{/shown}}
        </dl>
        <form class="filters no-print" method="get" action="{{icpHref}}">
        <div><label for="on">Operating on the day</label><input id="on" name="on" type="date" value="{{day}}"></div>
        <div><button type="submit" class="secondary">Show</button></div>
        </form>
        {{#absent}}<div class="panel notice"><p>{{absent}}</p></div>{{/absent}}
        {{#shown}}
        <h2>Statement</h2>
        <p>{{statement}}</p>
        <p class="muted">Mode {{mode}}; reviewed {{cadence}}; missing data scores as {{missingData}}.</p>
        <h2>Signals</h2>
        {{#families}}
        <h3>{{family}}</h3>
        <div class="table"><table class="stack-sm"><thead><tr><th scope="col">Rule</th><th scope="col" class="num">Weight</th><th scope="col">Why</th></tr></thead><tbody>
        {{#signals}}<tr><td data-label="Rule"><code>{{rule}}</code></td><td data-label="Weight" class="num">{{weight}}</td><td data-label="Why">{{rationale}}</td></tr>{{/signals}}
        </tbody></table></div>
        {{/families}}
        <h2>Disqualifiers</h2>
        {{#disqualifiers}}<p><code>{{rule}}</code> — {{reason}}</p>{{/disqualifiers}}
        {{^disqualifiers}}<p class="muted">None.</p>{{/disqualifiers}}
        <h2>Buying committee</h2>
        {{#committee}}<p><strong>{{role}}</strong>: {{pain}}</p>{{/committee}}
        {{^committee}}<p class="muted">None named.</p>{{/committee}}
        <h2>Tiers</h2>
        <p>A from {{tierA}}, B from {{tierB}}, C from {{tierC}}, D below.</p>
        <h2>Lint</h2>
        {{#lint}}<p><span class="badge s-medium">{{code}}</span> {{message}}</p>{{/lint}}
        {{^lint}}<p class="muted">No warning.</p>{{/lint}}
        {{/shown}}
        """#

    static let history = #"""
        <p class="crumbs"><a href="/">Portfolio</a> › <a href="{{workspaceHref}}">{{workspaceName}}</a> › <a href="{{icpHref}}">{{name}}</a> ›</p>
        <h1>History of {{name}}</h1>
        <ol class="timeline">
        {{#items}}
        <li><strong>{{what}}</strong>{{#revisionHref}} — <a href="{{revisionHref}}">revision {{revision}}</a>{{/revisionHref}}<br>
        <span class="muted">by {{who}}, {{when}}</span>
        {{#details}}<br>{{label}}: {{text}}{{/details}}
        {{#evidence}}<br>Evidence: {{#href}}<a href="{{href}}" rel="noopener noreferrer">{{text}}</a>{{/href}}{{^href}}{{text}}{{/href}}{{/evidence}}
        </li>
        {{/items}}
        </ol>
        {{^items}}<p class="muted">Nothing recorded.</p>{{/items}}
        <nav class="pager" aria-label="Pages">{{#olderHref}}<a href="{{olderHref}}">Older events</a>{{/olderHref}}{{#newestHref}}<a href="{{newestHref}}">Newest</a>{{/newestHref}}</nav>
        <h2>Audit findings about this ICP</h2>
        {{#findings}}<p><a href="{{href}}">{{text}}</a> <span class="muted">{{when}}, {{status}}</span></p>{{/findings}}
        {{^findings}}<p class="muted">None recorded.</p>{{/findings}}
        """#

    static let diff = #"""
        <p class="crumbs"><a href="/">Portfolio</a> › <a href="{{workspaceHref}}">{{workspaceName}}</a> › <a href="{{icpHref}}">{{name}}</a> ›</p>
        <h1>Compare revisions of {{name}}</h1>
        <form class="filters no-print" method="get" action="{{diffHref}}">
        <div><label for="from">From</label><select id="from" name="from">{{#fromOptions}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/fromOptions}}</select></div>
        <div><label for="to">To</label><select id="to" name="to">{{#toOptions}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/toOptions}}</select></div>
        <div><button type="submit" class="secondary">Compare</button></div>
        </form>
        {{#compared}}
        <p>Revision {{from}} → revision {{to}}: {{changeCount}} changes, revision distance <strong>{{distance}}</strong>.</p>
        <div class="table"><table class="diff stack-sm">
        <thead><tr><th scope="col">Part</th><th scope="col">Revision {{from}}</th><th scope="col">Revision {{to}}</th><th scope="col">Change</th></tr></thead>
        <tbody>
        {{#rows}}<tr class="{{kind}}"><th scope="row">{{part}}</th><td data-label="Before" class="before">{{before}}</td><td data-label="After" class="after">{{after}}</td><td data-label="Change">{{kind}}</td></tr>{{/rows}}
        </tbody></table></div>
        {{^rows}}<p>The two revisions define the same ICP.</p>{{/rows}}
        {{/compared}}
        """#

    static let propose = #"""
        <p class="crumbs"><a href="/">Portfolio</a> › <a href="{{workspaceHref}}">{{workspaceName}}</a> › <a href="{{icpHref}}">{{name}}</a> ›</p>
        <h1>{{heading}}</h1>
        {{#problems}}<div class="panel error" role="alert"><p>{{problems}}</p>{{#fields}}<p><strong>{{field}}</strong>: {{message}}</p>{{/fields}}</div>{{/problems}}
        {{#plan}}<h2>Plan</h2><pre>{{plan}}</pre>{{/plan}}
        <form class="stack" method="post" action="{{action}}" enctype="multipart/form-data">
        {{>csrf}}
        <label for="yaml">The ICP file (YAML)</label>
        <textarea id="yaml" name="yaml" class="yaml" spellcheck="false">{{yaml}}</textarea>
        <label for="file">Or upload the file</label>
        <input id="file" name="file" type="file" accept=".yaml,.yml,text/yaml,application/yaml">
        <label for="rationale">Why this change</label>
        <textarea id="rationale" name="rationale">{{rationale}}</textarea>
        <label for="evidence">Evidence, one per line (a finding id or an https:// link)</label>
        <textarea id="evidence" name="evidence">{{evidence}}</textarea>
        <div><button type="submit" name="step" value="preview" class="secondary">Preview the plan</button>
        <button type="submit" name="step" value="propose">{{submitLabel}}</button></div>
        </form>
        """#

    static let proposal = #"""
        <p class="crumbs"><a href="/">Portfolio</a> › <a href="{{workspaceHref}}">{{workspaceName}}</a> › <a href="{{icpHref}}">{{name}}</a> ›</p>
        <h1>{{name}}, revision {{revision}}</h1>
        {{#notice}}<div class="panel notice" role="status"><p>{{notice}}</p></div>{{/notice}}
        <dl class="facts">
        <dt>Status</dt><dd><span class="badge s-{{statusClass}}">{{status}}</span></dd>
        <dt>Proposed</dt><dd>by {{proposer}}, {{proposedAt}}, on revision {{baseRevision}}</dd>
        <dt>Why</dt><dd>{{rationale}}</dd>
        {{#evidence}}<dt>Evidence</dt><dd>{{#href}}<a href="{{href}}" rel="noopener noreferrer">{{text}}</a>{{/href}}{{^href}}{{text}}{{/href}}</dd>{{/evidence}}
        {{#approvals}}<dt>Approved</dt><dd>by {{who}}, {{when}}{{#comment}}: “{{comment}}”{{/comment}}</dd>{{/approvals}}
        {{#rejection}}<dt>Rejected</dt><dd>{{rejection}}</dd>{{/rejection}}
        {{#published}}<dt>Published</dt><dd>{{published}}</dd>{{/published}}
        <dt>Changes</dt><dd>{{diffSummary}} (revision distance {{distance}})</dd>
        </dl>
        {{#ownProposal}}<p class="muted">You proposed or amended this revision: a second person approves it.</p>{{/ownProposal}}
        {{#mayApprove}}
        <form class="stack" method="post" action="{{href}}/approve">{{>csrf}}
        <label for="comment">Approval comment (optional)</label><textarea id="comment" name="comment"></textarea>
        <div><button type="submit">Approve</button></div></form>
        {{/mayApprove}}
        {{#mayReject}}
        <form class="stack" method="post" action="{{href}}/reject">{{>csrf}}
        <label for="reason">Reason to reject</label><textarea id="reason" name="reason" required></textarea>
        <div><button type="submit" class="danger">Reject</button></div></form>
        {{/mayReject}}
        {{#mayPublish}}
        <form class="stack" method="post" action="{{href}}/publish">{{>csrf}}
        <label for="effectiveOn">In force from (empty: today)</label><input id="effectiveOn" name="effectiveOn" type="date">
        <div><button type="submit">Publish</button></div></form>
        {{/mayPublish}}
        {{#mayAmend}}<p><a href="{{amendHref}}">Amend this proposal</a></p>{{/mayAmend}}
        <h2>Plan against revision {{baseRevision}}</h2>
        <pre>{{plan}}</pre>
        """#

    static let findings = #"""
        <p class="crumbs"><a href="/">Portfolio</a> › <a href="{{workspaceHref}}">{{workspaceName}}</a> ›</p>
        <h1>Findings</h1>
        <form class="filters no-print" method="get" action="{{findingsHref}}">
        <div><label for="audit">Audit</label><select id="audit" name="audit">{{#audits}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/audits}}</select></div>
        <div><label for="status">Status</label><select id="status" name="status">{{#statuses}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/statuses}}</select></div>
        <div><label for="icp">ICP</label><select id="icp" name="icp">{{#icps}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/icps}}</select></div>
        <div><button type="submit" class="secondary">Filter</button></div>
        </form>
        <p class="muted">{{count}} findings.</p>
        {{#rows}}
        <div class="panel"><p><span class="badge s-{{severity}}">{{severity}}</span> <strong>{{audit}}</strong>{{#icpName}} · {{icpName}}{{/icpName}} ·
        <span class="badge s-{{statusClass}}">{{status}}</span></p>
        <p>{{summary}}</p><p class="muted">Recommendation: {{recommendation}}</p>
        <p class="muted">Recorded by {{who}}, {{when}}{{#resolution}}; {{resolution}}{{/resolution}}</p>
        {{#mayResolve}}<form class="stack" method="post" action="{{resolveHref}}">{{>csrf}}
        <label for="decision-{{id}}">Decision that closes it</label><input id="decision-{{id}}" name="decision" type="text" required>
        <div><button type="submit" class="secondary">Resolve</button></div></form>{{/mayResolve}}
        </div>
        {{/rows}}
        <nav class="pager" aria-label="Pages">{{#previousHref}}<a href="{{previousHref}}">Previous page</a>{{/previousHref}}{{#nextHref}}<a href="{{nextHref}}">Next page</a>{{/nextHref}}</nav>
        {{#mayRecord}}
        <h2>Record a finding</h2>
        <form class="stack" method="post" action="{{findingsHref}}">{{>csrf}}
        <label for="new-audit">Audit</label><select id="new-audit" name="audit">{{#auditChoices}}<option value="{{value}}">{{label}}</option>{{/auditChoices}}</select>
        <label for="new-severity">Severity</label><select id="new-severity" name="severity">{{#severities}}<option value="{{.}}">{{.}}</option>{{/severities}}</select>
        <label for="new-icp">ICP (optional)</label><select id="new-icp" name="icp"><option value="">None</option>{{#icpChoices}}<option value="{{value}}">{{label}}</option>{{/icpChoices}}</select>
        <label for="summary">What was found</label><textarea id="summary" name="summary" required></textarea>
        <label for="recommendation">Recommendation</label><textarea id="recommendation" name="recommendation" required></textarea>
        <div><button type="submit">Record</button></div></form>
        {{/mayRecord}}
        """#

    static let schedule = #"""
        <h1>Review schedule</h1>
        {{#feedPath}}<div class="panel notice" role="status"><p>Your calendar feed: <code>{{feedPath}}</code>. Subscribe to this address in a
        calendar app; it is shown once, and anyone with it sees your review dates.</p></div>{{/feedPath}}
        <h2>Overdue</h2>
        {{#overdue}}<p><a href="{{icpHref}}">{{name}}</a> ({{workspaceName}}) — due {{due}}, {{daysText}}; owner {{owner}}</p>{{/overdue}}
        {{^overdue}}<p class="muted">Nothing overdue.</p>{{/overdue}}
        <h2>Upcoming</h2>
        {{#upcoming}}<p><a href="{{icpHref}}">{{name}}</a> ({{workspaceName}}) — due {{due}}, {{daysText}}; owner {{owner}}</p>{{/upcoming}}
        {{^upcoming}}<p class="muted">No review scheduled.</p>{{/upcoming}}
        <h2>Calendar feed</h2>
        <p>{{feedCount}} feeds of yours are live. A new one gives a private address for calendar apps.</p>
        <form method="post" action="/schedule/calendar-feeds">{{>csrf}}<button type="submit" class="secondary">Make a calendar feed</button></form>
        """#
}
