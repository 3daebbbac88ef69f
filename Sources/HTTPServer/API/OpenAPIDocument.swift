/// The API's contract, served at `GET /openapi.yaml`. Hand-written next to the routes it describes;
/// `APITests.routesMatchTheDocument` fails when a route is missing here or an operation here is not routed.
enum OpenAPIDocument {
    static let yaml = #"""
        openapi: 3.1.0
        info:
          title: ICP Ledger API
          version: "1"
          description: |
            The governed history of a company's Ideal Customer Profile. Every change is made by the
            person the bearer token belongs to; every error is an RFC 9457 problem document.

            On a server with a read replica, the reads it can answer carry `ICPLedger-Read-Source:
            replica` or `primary`; a read with `?after=` is answered by the replica only once it has
            replayed that write, so it is never older than the caller's own writes.
        servers:
          - url: /
        security:
          - bearer: []
        paths:
          /live:
            get:
              operationId: live
              security: []
              summary: "The process answers (the database is not asked): for a liveness probe."
              responses:
                "200": { description: Alive, content: { application/json: { schema: { type: object } } } }
          /health:
            get:
              operationId: health
              security: []
              summary: "The service is up and its database answers."
              responses:
                "200": { description: Alive, content: { application/json: { schema: { type: object } } } }
                "503": { description: The database does not answer, content: { application/json: { schema: { type: object } } } }
          /ready:
            get:
              operationId: ready
              security: []
              summary: "Ready for traffic (database, migrations, read-model runner, lag); lists halted workspaces."
              responses:
                "200": { description: Ready, content: { application/json: { schema: { type: object } } } }
                "503": { description: Not ready, content: { application/json: { schema: { type: object } } } }
          /metrics:
            get:
              operationId: metrics
              security: []
              summary: "Prometheus text: requests and latency by route and status, events appended, projection lag, pool waits."
              responses:
                "200": { description: Metrics, content: { text/plain: { schema: { type: string } } } }
          /openapi.yaml:
            get:
              operationId: openapi
              security: []
              summary: "This document."
              responses:
                "200": { description: The OpenAPI document, content: { application/yaml: { schema: { type: string } } } }
          /calendar/{secret}:
            get:
              operationId: calendarFeed
              security: []
              summary: "A review calendar (RFC 5545) for calendar apps: the secret in the path (as made by POST /v1/calendar-feeds, with or without .ics) names the feed."
              parameters:
                - { name: secret, in: path, required: true, schema: { type: string } }
              responses:
                "200": { description: The calendar, content: { text/calendar: { schema: { type: string } } } }
                "404": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
          /v1/me:
            get:
              operationId: me
              summary: "The account the token belongs to and the workspaces it may reach."
              responses:
                "200": { $ref: "#/components/responses/Object" }
                "401": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
          /v1/tokens:
            get:
              operationId: listTokens
              summary: "The calling account's tokens (never their secrets)."
              responses:
                "200": { $ref: "#/components/responses/Object" }
                "401": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
            post:
              operationId: createToken
              summary: "Makes a token for the calling account, never beyond the calling token's limits. The secret is in this answer only."
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      additionalProperties: false
                      properties:
                        workspace: { $ref: "#/components/schemas/Id" }
                        maxRole: { $ref: "#/components/schemas/Role" }
                        expiresInDays: { type: integer, minimum: 1, maximum: 3650 }
                        label: { type: string, maxLength: 200 }
              responses:
                "201": { $ref: "#/components/responses/Object" }
                "400": { $ref: "#/components/responses/Problem" }
                "401": { $ref: "#/components/responses/Problem" }
                "413": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
          /v1/tokens/{token}:
            delete:
              operationId: revokeToken
              summary: "Revokes one of the calling account's tokens at once."
              parameters:
                - { name: token, in: path, required: true, schema: { type: string } }
              responses:
                "204": { description: Revoked }
                "401": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
          /v1/calendar-feeds:
            get:
              operationId: listCalendarFeeds
              summary: "The calling account's calendar feeds (never their secrets)."
              responses:
                "200": { $ref: "#/components/responses/Object" }
                "401": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
            post:
              operationId: createCalendarFeed
              summary: "Makes a review calendar feed for the calling account (all its workspaces, or one); the secret is shown once."
              requestBody:
                required: true
                content:
                  application/json:
                    schema: { type: object, additionalProperties: false, properties: { workspace: { type: string, format: uuid } } }
              responses:
                "201": { $ref: "#/components/responses/Object" }
                "400": { $ref: "#/components/responses/Problem" }
                "401": { $ref: "#/components/responses/Problem" }
                "413": { $ref: "#/components/responses/Problem" }
                "415": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
          /v1/calendar-feeds/{feed}:
            delete:
              operationId: revokeCalendarFeed
              summary: "Revokes one of the calling account's calendar feeds at once."
              parameters:
                - { name: feed, in: path, required: true, schema: { type: string } }
              responses:
                "204": { description: Revoked }
                "401": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
          /v1/schedule:
            get:
              operationId: schedule
              summary: "Every ICP of every workspace the caller works in, most urgent first: owed after-the-fact reviews, ICPs without an owner, overdue, due soon, fresh, not published."
              responses:
                "200": { $ref: "#/components/responses/Object" }
                "401": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
          /v1/workspaces:
            get:
              operationId: listWorkspaces
              summary: "The workspaces the caller works in (one, for a token limited to a workspace)."
              responses:
                "200": { $ref: "#/components/responses/Object" }
                "401": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
            post:
              operationId: createWorkspace
              summary: "Creates a workspace; the caller becomes its first admin (needs an unlimited token)."
              requestBody:
                required: true
                content:
                  application/json:
                    schema: { type: object, additionalProperties: false, required: [name], properties: { name: { type: string }, timeZone: { type: string }, fiscalYearStartMonth: { type: integer, minimum: 1, maximum: 12 } } }
              responses:
                "201": { $ref: "#/components/responses/Object" }
                "400": { $ref: "#/components/responses/Problem" }
                "401": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "409": { $ref: "#/components/responses/Problem" }
                "413": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
          /v1/workspaces/{workspace}:
            parameters: [{ $ref: "#/components/parameters/Workspace" }, { $ref: "#/components/parameters/After" }]
            get:
              operationId: showWorkspace
              summary: "A workspace's settings."
              responses:
                "200": { $ref: "#/components/responses/Object" }
                "401": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
          /v1/workspaces/{workspace}/members:
            parameters: [{ $ref: "#/components/parameters/Workspace" }, { $ref: "#/components/parameters/After" }]
            get:
              operationId: listMembers
              summary: "Who holds which role."
              responses:
                "200": { $ref: "#/components/responses/Object" }
                "401": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
          /v1/workspaces/{workspace}/icps:
            parameters: [{ $ref: "#/components/parameters/Workspace" }, { $ref: "#/components/parameters/After" }]
            get:
              operationId: listICPs
              summary: "The workspace's ICPs with their review status."
              responses:
                "200": { $ref: "#/components/responses/Object" }
                "401": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
            post:
              operationId: draftICP
              summary: "Drafts an ICP; its definition is open as proposed revision 1. Its owner is the caller unless another person of the workspace is named."
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      additionalProperties: false
                      required: [definition]
                      properties:
                        definition: { $ref: "#/components/schemas/Definition" }
                        rationale: { type: string }
                        owner: { type: string, format: uuid }
                        evidence: { type: array, maxItems: 100, items: { $ref: "#/components/schemas/Evidence" } }
                  application/yaml:
                    schema: { type: string, description: "An ICP file (icpledger/v1) without an icp id; the rationale goes in ?rationale=." }
              parameters:
                - { name: rationale, in: query, required: false, schema: { type: string } }
              responses:
                "201": { $ref: "#/components/responses/Changed" }
                "400": { $ref: "#/components/responses/Problem" }
                "401": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "409": { $ref: "#/components/responses/Problem" }
                "413": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
          /v1/workspaces/{workspace}/icps/{icp}:
            parameters: [{ $ref: "#/components/parameters/Workspace" }, { $ref: "#/components/parameters/ICP" }, { $ref: "#/components/parameters/After" }]
            get:
              operationId: showICP
              summary: "One ICP's summary; its ETag is the ICP's version, for If-Match on changes."
              responses:
                "200": { $ref: "#/components/responses/Object" }
                "401": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
          /v1/workspaces/{workspace}/icps/{icp}/current:
            parameters: [{ $ref: "#/components/parameters/Workspace" }, { $ref: "#/components/parameters/ICP" }, { $ref: "#/components/parameters/After" }]
            get:
              operationId: currentICP
              summary: "The revision in force today, with its definition."
              responses:
                "200": { $ref: "#/components/responses/Object" }
                "401": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
          /v1/workspaces/{workspace}/icps/{icp}/diff:
            parameters: [{ $ref: "#/components/parameters/Workspace" }, { $ref: "#/components/parameters/ICP" }, { $ref: "#/components/parameters/After" }]
            get:
              operationId: diffRevisions
              summary: "What changed between two revisions."
              parameters:
                - { name: from, in: query, required: true, schema: { type: integer, minimum: 1 } }
                - { name: to, in: query, required: true, schema: { type: integer, minimum: 1 } }
              responses:
                "200": { $ref: "#/components/responses/Object" }
                "401": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
          /v1/workspaces/{workspace}/icps/{icp}/revisions:
            parameters: [{ $ref: "#/components/parameters/Workspace" }, { $ref: "#/components/parameters/ICP" }, { $ref: "#/components/parameters/After" }]
            get:
              operationId: listRevisions
              summary: "Every revision, oldest first — who proposed, approved and published what, when and why."
              responses:
                "200": { $ref: "#/components/responses/Object" }
                "401": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
            post:
              operationId: proposeRevision
              summary: "Proposes a new definition (JSON, or the ICP's YAML file); proposing one already open returns that revision."
              parameters:
                - { $ref: "#/components/parameters/IfMatch" }
                - { name: rationale, in: query, required: false, schema: { type: string } }
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      additionalProperties: false
                      required: [definition, rationale]
                      properties:
                        definition: { $ref: "#/components/schemas/Definition" }
                        rationale: { type: string }
                        basedOn: { type: integer, minimum: 0, description: "The revision the definition was edited from (an ICP file's base-revision; 0: nothing was published then). A proposal based on a revision that no longer operates is refused." }
                        evidence: { type: array, maxItems: 100, items: { $ref: "#/components/schemas/Evidence" } }
                        resolves: { type: array, maxItems: 20, description: "Findings (ids) this revision answers; they are resolved by it when it is published.", items: { type: string, format: uuid } }
                  application/yaml:
                    schema: { type: string, description: "The ICP file, as exported and edited; the rationale goes in ?rationale=." }
              responses:
                "200": { $ref: "#/components/responses/Changed" }
                "201": { $ref: "#/components/responses/Changed" }
                "400": { $ref: "#/components/responses/Problem" }
                "401": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "409": { $ref: "#/components/responses/Problem" }
                "412": { $ref: "#/components/responses/Problem" }
                "413": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
          /v1/workspaces/{workspace}/icps/{icp}/revisions/{revision}:
            parameters:
              - { $ref: "#/components/parameters/Workspace" }
              - { $ref: "#/components/parameters/ICP" }
              - { $ref: "#/components/parameters/Revision" }
              - { $ref: "#/components/parameters/After" }
            get:
              operationId: showRevision
              summary: "One revision."
              responses:
                "200": { $ref: "#/components/responses/Object" }
                "401": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
          /v1/workspaces/{workspace}/icps/{icp}/revisions/{revision}/approve:
            parameters:
              - { $ref: "#/components/parameters/Workspace" }
              - { $ref: "#/components/parameters/ICP" }
              - { $ref: "#/components/parameters/Revision" }
              - { $ref: "#/components/parameters/After" }
            post:
              operationId: approveRevision
              summary: "Approves a revision (approvers and admins; never its own author)."
              parameters: [{ $ref: "#/components/parameters/IfMatch" }]
              requestBody:
                required: false
                content:
                  application/json:
                    schema: { type: object, additionalProperties: false, properties: { comment: { type: string } } }
              responses:
                "200": { $ref: "#/components/responses/Changed" }
                "400": { $ref: "#/components/responses/Problem" }
                "401": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "409": { $ref: "#/components/responses/Problem" }
                "412": { $ref: "#/components/responses/Problem" }
                "413": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
          /v1/workspaces/{workspace}/icps/{icp}/revisions/{revision}/reject:
            parameters:
              - { $ref: "#/components/parameters/Workspace" }
              - { $ref: "#/components/parameters/ICP" }
              - { $ref: "#/components/parameters/Revision" }
              - { $ref: "#/components/parameters/After" }
            post:
              operationId: rejectRevision
              summary: "Rejects a revision with a reason (approvers and admins; never its own author)."
              parameters: [{ $ref: "#/components/parameters/IfMatch" }]
              requestBody:
                required: true
                content:
                  application/json:
                    schema: { type: object, additionalProperties: false, required: [reason], properties: { reason: { type: string } } }
              responses:
                "200": { $ref: "#/components/responses/Changed" }
                "400": { $ref: "#/components/responses/Problem" }
                "401": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "409": { $ref: "#/components/responses/Problem" }
                "412": { $ref: "#/components/responses/Problem" }
                "413": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
          /v1/workspaces/{workspace}/icps/{icp}/revisions/{revision}/publish:
            parameters:
              - { $ref: "#/components/parameters/Workspace" }
              - { $ref: "#/components/parameters/ICP" }
              - { $ref: "#/components/parameters/Revision" }
              - { $ref: "#/components/parameters/After" }
            post:
              operationId: publishRevision
              summary: "Publishes an approved revision, in force from effectiveOn (default today in the workspace's time zone)."
              parameters: [{ $ref: "#/components/parameters/IfMatch" }]
              requestBody:
                required: false
                content:
                  application/json:
                    schema:
                      type: object
                      additionalProperties: false
                      properties:
                        effectiveOn: { type: string, format: date }
                        backdated: { type: boolean }
              responses:
                "200": { $ref: "#/components/responses/Changed" }
                "400": { $ref: "#/components/responses/Problem" }
                "401": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "409": { $ref: "#/components/responses/Problem" }
                "412": { $ref: "#/components/responses/Problem" }
                "413": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
          /v1/workspaces/{workspace}/principals:
            parameters:
              - { $ref: "#/components/parameters/Workspace" }
              - { $ref: "#/components/parameters/After" }
            get:
              operationId: listPrincipals
              summary: "Everyone registered in the workspace, by name, with their role (none once revoked)."
              responses:
                "200": { $ref: "#/components/responses/Object" }
                "401": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
            post:
              operationId: registerPrincipal
              summary: "Registers a person and gives them a role (admins only)."
              requestBody:
                required: true
                content:
                  application/json:
                    schema: { type: object, additionalProperties: false, required: [name, role], properties: { name: { type: string }, email: { type: string }, role: { $ref: "#/components/schemas/Role" } } }
              responses:
                "200": { $ref: "#/components/responses/Object" }
                "201": { $ref: "#/components/responses/Object" }
                "400": { $ref: "#/components/responses/Problem" }
                "401": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "409": { $ref: "#/components/responses/Problem" }
                "412": { $ref: "#/components/responses/Problem" }
                "413": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
          /v1/workspaces/{workspace}/principals/{principal}:
            parameters:
              - { $ref: "#/components/parameters/Workspace" }
              - { name: principal, in: path, required: true, schema: { type: string } }
              - { $ref: "#/components/parameters/After" }
            delete:
              operationId: erasePrincipal
              summary: "Erases a person from the workspace (admins, not themselves): their role, name, e-mail, sign-in and tokens. Events keep only their opaque id; the answer lists events whose free text they wrote, which the hash chain keeps."
              responses:
                "200": { $ref: "#/components/responses/Object" }
                "401": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "409": { $ref: "#/components/responses/Problem" }
                "412": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
          /v1/workspaces/{workspace}/members/{principal}:
            parameters:
              - { $ref: "#/components/parameters/Workspace" }
              - { $ref: "#/components/parameters/After" }
              - { $ref: "#/components/parameters/Principal" }
            put:
              operationId: grantRole
              summary: "Gives a registered person a role (admins only)."
              requestBody:
                required: true
                content:
                  application/json:
                    schema: { type: object, additionalProperties: false, required: [role], properties: { role: { $ref: "#/components/schemas/Role" } } }
              responses:
                "200": { $ref: "#/components/responses/Object" }
                "400": { $ref: "#/components/responses/Problem" }
                "401": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "409": { $ref: "#/components/responses/Problem" }
                "412": { $ref: "#/components/responses/Problem" }
                "413": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
            delete:
              operationId: revokeRole
              summary: "Takes a person's role away (admins only; the last admin stays)."
              responses:
                "204": { description: Done }
                "400": { $ref: "#/components/responses/Problem" }
                "401": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "409": { $ref: "#/components/responses/Problem" }
                "412": { $ref: "#/components/responses/Problem" }
                "413": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
          /v1/workspaces/{workspace}/mapping:
            parameters:
              - { $ref: "#/components/parameters/Workspace" }
              - { $ref: "#/components/parameters/After" }
            get:
              operationId: showMapping
              summary: "The workspace's field mapping (export columns → ICP keys, and how each is read), as JSON and as a mapping file, with its history."
              responses:
                "200": { $ref: "#/components/responses/Object" }
                "401": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
            put:
              operationId: setMapping
              summary: "Replaces the field mapping (admins): a mapping file (application/yaml) or {\"mapping\": {\"columns\": [...]}}. Recorded as an event; scoring reads columns through it."
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      additionalProperties: false
                      required: [mapping]
                      properties:
                        mapping:
                          type: object
                          required: [columns]
                          properties:
                            columns:
                              type: array
                              items:
                                type: object
                                required: [column, key]
                                properties:
                                  column: { type: string }
                                  key: { type: string }
                                  reading: { type: string, enum: [auto, text, number, boolean, list, range] }
                                  separator: { type: string }
                                  trueWords: { type: array, items: { type: string } }
                                  falseWords: { type: array, items: { type: string } }
                                  pick: { type: string, enum: [lower, middle, upper] }
                                  values: { type: object, additionalProperties: { type: string } }
                  application/yaml:
                    schema: { type: string }
              responses:
                "200": { $ref: "#/components/responses/Object" }
                "400": { $ref: "#/components/responses/Problem" }
                "401": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "409": { $ref: "#/components/responses/Problem" }
                "412": { $ref: "#/components/responses/Problem" }
                "413": { $ref: "#/components/responses/Problem" }
                "415": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
          /v1/workspaces/{workspace}/webhooks:
            parameters:
              - { $ref: "#/components/parameters/Workspace" }
              - { $ref: "#/components/parameters/After" }
            get:
              operationId: listWebhooks
              summary: "The workspace's webhook subscriptions (admins): event types, format, delivery counts and the last delivery given up. Never their secrets."
              parameters:
                - { name: removed, in: query, required: false, description: "true lists removed subscriptions too.", schema: { type: boolean } }
              responses:
                "200": { $ref: "#/components/responses/Object" }
                "400": { $ref: "#/components/responses/Problem" }
                "401": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
            post:
              operationId: addWebhook
              summary: "Subscribes a URL to events of the workspace (admins). Deliveries are signed as Standard Webhooks does; the secret is shown once. The URL must be http(s) and must not resolve to an internal address."
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      additionalProperties: false
                      required: [url, eventTypes]
                      properties:
                        url: { type: string, maxLength: 2000 }
                        eventTypes: { type: array, minItems: 1, items: { type: string, enum: [review.due_soon, review.flagged_stale, review.reminder, revision.published] } }
                        format: { type: string, enum: [standard, slack] }
                        secret: { type: string, description: "whsec_ and the base64 of 24 to 64 bytes; left out, one is made." }
                        description: { type: string, maxLength: 200 }
              responses:
                "201": { $ref: "#/components/responses/Object" }
                "400": { $ref: "#/components/responses/Problem" }
                "401": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "409": { $ref: "#/components/responses/Problem" }
                "412": { $ref: "#/components/responses/Problem" }
                "413": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
          /v1/workspaces/{workspace}/webhooks/{webhook}:
            parameters:
              - { $ref: "#/components/parameters/Workspace" }
              - { $ref: "#/components/parameters/After" }
              - { name: webhook, in: path, required: true, schema: { type: string } }
            delete:
              operationId: removeWebhook
              summary: "Removes a subscription (admins); deliveries it had not received are given up."
              responses:
                "204": { description: Done }
                "400": { $ref: "#/components/responses/Problem" }
                "401": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "409": { $ref: "#/components/responses/Problem" }
                "412": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
          /v1/workspaces/{workspace}/webhooks/{webhook}/deliveries:
            parameters:
              - { $ref: "#/components/parameters/Workspace" }
              - { $ref: "#/components/parameters/After" }
              - { name: webhook, in: path, required: true, schema: { type: string } }
            get:
              operationId: webhookDeliveries
              summary: "A subscription's deliveries, newest first (admins): state, attempts, next attempt, last status and error."
              parameters:
                - { name: state, in: query, required: false, schema: { type: string, enum: [pending, delivered, failed] } }
                - { name: limit, in: query, required: false, schema: { type: integer, minimum: 1, maximum: 500 } }
              responses:
                "200": { $ref: "#/components/responses/Object" }
                "400": { $ref: "#/components/responses/Problem" }
                "401": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
          /v1/workspaces/{workspace}/webhooks/{webhook}/test:
            parameters:
              - { $ref: "#/components/parameters/Workspace" }
              - { $ref: "#/components/parameters/After" }
              - { name: webhook, in: path, required: true, schema: { type: string } }
            post:
              operationId: testWebhook
              summary: "Sends a signed webhook.test ping now, outside the outbox (admins); the answer says whether the receiver took it."
              responses:
                "200": { $ref: "#/components/responses/Object" }
                "400": { $ref: "#/components/responses/Problem" }
                "401": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "409": { $ref: "#/components/responses/Problem" }
                "412": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
          /v1/workspaces/{workspace}/plan:
            parameters:
              - { $ref: "#/components/parameters/Workspace" }
              - { $ref: "#/components/parameters/After" }
            post:
              operationId: planFile
              summary: "Plans an ICP file against what operates now — changes, revision distance, lint — and stores nothing."
              parameters:
                - { name: evidence, in: query, required: false, description: "Evidence it will be proposed with (a finding id or an http(s) link; repeatable), for the linter.", schema: { type: array, items: { type: string } }, style: form, explode: true }
              requestBody:
                required: true
                content:
                  application/yaml:
                    schema: { type: string }
              responses:
                "200": { $ref: "#/components/responses/Object" }
                "400": { $ref: "#/components/responses/Problem" }
                "401": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "409": { $ref: "#/components/responses/Problem" }
                "413": { $ref: "#/components/responses/Problem" }
                "415": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
          /v1/workspaces/{workspace}/findings:
            parameters:
              - { $ref: "#/components/parameters/Workspace" }
              - { $ref: "#/components/parameters/After" }
            get:
              operationId: listFindings
              summary: "The workspace's audit findings, filtered."
              parameters:
                - { name: open, in: query, required: false, schema: { type: boolean } }
                - { name: audit, in: query, required: false, schema: { type: string, enum: [customer, pipeline, message, winLoss, expansion] } }
                - { name: severity, in: query, required: false, schema: { type: string, enum: [low, medium, high] } }
                - { name: icp, in: query, required: false, schema: { type: string } }
              responses:
                "401": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "200": { $ref: "#/components/responses/Object" }
                "422": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
            post:
              operationId: recordFinding
              summary: "Records an audit finding (editors and up)."
              requestBody:
                required: true
                content:
                  application/json:
                    schema: { type: object, additionalProperties: false, required: [audit, summary, severity, recommendation], properties: { audit: { type: string }, summary: { type: string }, severity: { type: string }, metrics: { type: object, additionalProperties: { type: number } }, recommendation: { type: string }, icp: { type: string }, notes: { type: string, maxLength: 4000, description: "May name people (who was interviewed): kept outside the hash chain and erased with its author." } } }
              responses:
                "201": { $ref: "#/components/responses/Changed" }
                "400": { $ref: "#/components/responses/Problem" }
                "401": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "409": { $ref: "#/components/responses/Problem" }
                "412": { $ref: "#/components/responses/Problem" }
                "413": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
          /v1/workspaces/{workspace}/findings/{finding}/resolve:
            parameters:
              - { $ref: "#/components/parameters/Workspace" }
              - { $ref: "#/components/parameters/After" }
              - { $ref: "#/components/parameters/Finding" }
            post:
              operationId: resolveFinding
              summary: "Resolves a finding by a decision, or by the revision that acted on it."
              requestBody:
                required: true
                content:
                  application/json:
                    schema: { type: object, additionalProperties: false, properties: { decision: { type: string }, icp: { type: string }, revision: { type: integer } } }
              responses:
                "200": { $ref: "#/components/responses/Changed" }
                "400": { $ref: "#/components/responses/Problem" }
                "401": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "409": { $ref: "#/components/responses/Problem" }
                "412": { $ref: "#/components/responses/Problem" }
                "413": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
          /v1/workspaces/{workspace}/icps/{icp}/export:
            parameters:
              - { $ref: "#/components/parameters/Workspace" }
              - { $ref: "#/components/parameters/ICP" }
              - { $ref: "#/components/parameters/After" }
            get:
              operationId: exportICP
              summary: "The ICP as its YAML file, ready to edit and plan."
              parameters:
                - { name: revision, in: query, required: false, schema: { type: integer, minimum: 1 } }
              responses:
                "401": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "200": { $ref: "#/components/responses/YAML" }
                "422": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
          /v1/workspaces/{workspace}/icps/{icp}/operating:
            parameters:
              - { $ref: "#/components/parameters/Workspace" }
              - { $ref: "#/components/parameters/ICP" }
              - { $ref: "#/components/parameters/After" }
            get:
              operationId: operatingOn
              summary: "The revision in force on a day (effective dates)."
              parameters:
                - { name: on, in: query, required: true, schema: { type: string, format: date } }
              responses:
                "401": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "200": { $ref: "#/components/responses/Object" }
                "422": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
          /v1/workspaces/{workspace}/icps/{icp}/reassign:
            parameters:
              - { $ref: "#/components/parameters/Workspace" }
              - { $ref: "#/components/parameters/ICP" }
              - { $ref: "#/components/parameters/After" }
            post:
              operationId: reassignICP
              summary: "Makes another person of the workspace (who holds a role) the ICP's owner; clears its orphaned flag. Approvers and admins."
              parameters:
                - { $ref: "#/components/parameters/IfMatch" }
              requestBody:
                required: true
                content:
                  application/json:
                    schema: { type: object, additionalProperties: false, required: [owner], properties: { owner: { type: string, format: uuid } } }
              responses:
                "200": { $ref: "#/components/responses/Changed" }
                "400": { $ref: "#/components/responses/Problem" }
                "401": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "409": { $ref: "#/components/responses/Problem" }
                "412": { $ref: "#/components/responses/Problem" }
                "413": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
          /v1/workspaces/{workspace}/icps/{icp}/lint:
            parameters:
              - { $ref: "#/components/parameters/Workspace" }
              - { $ref: "#/components/parameters/ICP" }
              - { $ref: "#/components/parameters/After" }
            get:
              operationId: lintICP
              summary: "The linter's warnings on the revision in force (or ?revision=N), with the ICP's review status and the workspace's other ICPs as context."
              parameters:
                - { name: revision, in: query, required: false, schema: { type: integer, minimum: 1 } }
              responses:
                "200": { $ref: "#/components/responses/Object" }
                "401": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
          /v1/workspaces/{workspace}/icps/{icp}/score:
            parameters:
              - { $ref: "#/components/parameters/Workspace" }
              - { $ref: "#/components/parameters/ICP" }
              - { $ref: "#/components/parameters/After" }
            post:
              operationId: scoreAccounts
              summary: "Scores accounts against the revision in force now, on ?on=DAY, or ?revision=N; stores nothing. One account (a JSON object), a batch (an array or {\"accounts\": [...]}), or a CSV export with a header row (text/csv; , ; or tab separated). Per account: tier, score, qualified, the disqualifiers hit, matched, missed and unknown signals, coverage. At most 10,000 accounts; a row whose fields cannot be read is a 422 naming it unless ?skipBadRows=true."
              parameters:
                - { name: revision, in: query, required: false, schema: { type: integer, minimum: 1 } }
                - { name: on, in: query, required: false, schema: { type: string, format: date } }
                - { name: skipBadRows, in: query, required: false, schema: { type: boolean } }
              requestBody:
                required: true
                content:
                  application/json:
                    schema: { oneOf: [ { type: object }, { type: array, items: { type: object } } ] }
                  text/csv:
                    schema: { type: string }
              responses:
                "200": { $ref: "#/components/responses/Object" }
                "400": { $ref: "#/components/responses/Problem" }
                "401": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "409": { $ref: "#/components/responses/Problem" }
                "413": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
          /v1/workspaces/{workspace}/icps/{icp}/revisions/{revision}/impact:
            parameters:
              - { $ref: "#/components/parameters/Workspace" }
              - { $ref: "#/components/parameters/ICP" }
              - { $ref: "#/components/parameters/Revision" }
              - { $ref: "#/components/parameters/After" }
            get:
              operationId: revisionImpact
              summary: "How the revision (a proposal, typically) would move the rows of the workspace's latest pipeline snapshot against the revision in force now: rows in fit before and after, moves between standings (tier, disqualified) by count and value, and the rules that moved them. 404 when there is no such revision, or no snapshot whose rows are kept (the detail says which)."
              responses:
                "200": { $ref: "#/components/responses/Object" }
                "401": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
          /v1/workspaces/{workspace}/reports/board:
            parameters:
              - { $ref: "#/components/parameters/Workspace" }
            get:
              operationId: boardReport
              summary: "The quarter's board report (any member): per ICP the revisions published with their diff, distance, rationale, evidence and approvers; disqualifiers added and removed; definition and market drift; the fit share over the last quarters; findings by audit; review-cadence compliance; lint of the operating revision; and the signed checkpoint that covers every event it reads (recorded as an event unless only checkpoints came since the last one). 503 when the server has no signing key (ICPLEDGER_SIGNING_KEY)."
              parameters:
                - { name: quarter, in: query, required: false, description: "FY2026-Q3 (fiscal year named by the year it ends), current or previous (the default).", schema: { type: string, maxLength: 40 } }
                - { name: format, in: query, required: false, description: "json (the default), md or html (one page, SVG charts, print styles, no script).", schema: { type: string, enum: [json, md, html] } }
              responses:
                "200":
                  description: "The report."
                  content:
                    application/json: { schema: { type: object } }
                    text/markdown: { schema: { type: string } }
                    text/html: { schema: { type: string } }
                "401": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
          /v1/reports/board:
            get:
              operationId: boardReports
              summary: "One board report across every workspace the token reaches and where the caller holds a role (the fractional CMO's): JSON wraps them as {format: icpledger.board-portfolio/1, reports: [...]}; md and html put them on one page. Same parameters as the workspace's report."
              parameters:
                - { name: quarter, in: query, required: false, schema: { type: string, maxLength: 40 } }
                - { name: format, in: query, required: false, schema: { type: string, enum: [json, md, html] } }
              responses:
                "200":
                  description: "The reports."
                  content:
                    application/json: { schema: { type: object } }
                    text/markdown: { schema: { type: string } }
                    text/html: { schema: { type: string } }
                "401": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
          /v1/workspaces/{workspace}/pipeline/snapshots:
            parameters:
              - { $ref: "#/components/parameters/Workspace" }
              - { $ref: "#/components/parameters/After" }
            get:
              operationId: listPipelineSnapshots
              summary: "The workspace's pipeline snapshots, oldest day first: day, file hash and name, rows and rows skipped, columns and their roles, the ICPs and revisions scored against, and each ICP's fit (by count and value, tiers, disqualified share and reasons, owners outside fit)."
              responses:
                "200": { $ref: "#/components/responses/Object" }
                "401": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
            post:
              operationId: importPipelineSnapshot
              summary: "Imports a CRM pipeline export as the snapshot of ?date= (editors and above): each row scored against every ICP operating that day (or ?icp=), its score and every rule's outcome frozen with it, columns read through the workspace's field mapping. 201 with the snapshot; 200 with alreadyImported true when the same file was imported before (nothing new stored). At most 64 MiB; a row whose fields cannot be read is a 422 naming it (nothing imported) unless ?skipBadRows=true."
              parameters:
                - { name: date, in: query, required: true, description: "The day the pipeline stood like this.", schema: { type: string, format: date } }
                - { name: icp, in: query, required: false, description: "Score against this ICP only (its id); left out, every ICP operating on the day.", schema: { type: string, format: uuid } }
                - { name: skipBadRows, in: query, required: false, schema: { type: boolean } }
                - { name: recordFinding, in: query, required: false, description: "Also record each ICP's fit as a pipeline-audit finding.", schema: { type: boolean } }
                - { name: source, in: query, required: false, description: "The file's name, for people.", schema: { type: string, maxLength: 200 } }
                - { name: labelColumn, in: query, required: false, schema: { type: string, maxLength: 200 } }
                - { name: ownerColumn, in: query, required: false, schema: { type: string, maxLength: 200 } }
                - { name: stageColumn, in: query, required: false, schema: { type: string, maxLength: 200 } }
                - { name: amountColumn, in: query, required: false, schema: { type: string, maxLength: 200 } }
              requestBody:
                required: true
                content:
                  text/csv:
                    schema: { type: string, description: "A header row, then one row per deal or account; , ; or tab separated." }
                  application/json:
                    schema: { oneOf: [ { type: array, items: { type: object } }, { type: object } ] }
              responses:
                "200": { $ref: "#/components/responses/Object" }
                "201": { $ref: "#/components/responses/Object" }
                "400": { $ref: "#/components/responses/Problem" }
                "401": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "409": { $ref: "#/components/responses/Problem" }
                "413": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
          /v1/workspaces/{workspace}/pipeline/snapshots/{snapshot}:
            parameters:
              - { $ref: "#/components/parameters/Workspace" }
              - { $ref: "#/components/parameters/Snapshot" }
              - { $ref: "#/components/parameters/After" }
            get:
              operationId: showPipelineSnapshot
              summary: "One pipeline snapshot with its aggregates (erased true once its rows were erased)."
              responses:
                "200": { $ref: "#/components/responses/Object" }
                "401": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
          /v1/workspaces/{workspace}/pipeline/snapshots/{snapshot}/rows:
            parameters:
              - { $ref: "#/components/parameters/Workspace" }
              - { $ref: "#/components/parameters/Snapshot" }
              - { $ref: "#/components/parameters/After" }
            get:
              operationId: pipelineSnapshotRows
              summary: "A snapshot's rows by row number, a page at a time: label, owner (a principal id or a pseudonym), stage, amount, and per ICP the frozen score explained against the revision that produced it. None once erased."
              parameters:
                - { name: offset, in: query, required: false, schema: { type: integer, minimum: 0 } }
                - { name: limit, in: query, required: false, schema: { type: integer, minimum: 1, maximum: 1000 } }
              responses:
                "200": { $ref: "#/components/responses/Object" }
                "401": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
            delete:
              operationId: erasePipelineSnapshotRows
              summary: "Erases a snapshot's rows (admins): fields, labels, owners and frozen scores go; its aggregates stay. Answers how many rows were erased."
              responses:
                "200": { $ref: "#/components/responses/Object" }
                "400": { $ref: "#/components/responses/Problem" }
                "401": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
          /v1/workspaces/{workspace}/icps/{icp}/recorded:
            parameters:
              - { $ref: "#/components/parameters/Workspace" }
              - { $ref: "#/components/parameters/ICP" }
              - { $ref: "#/components/parameters/After" }
            get:
              operationId: recordedAt
              summary: "What the ledger had recorded about the ICP at an instant (recorded times)."
              parameters:
                - { name: at, in: query, required: true, schema: { type: string, format: date-time } }
              responses:
                "401": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "200": { $ref: "#/components/responses/Object" }
                "422": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
          /v1/workspaces/{workspace}/icps/{icp}/activity:
            parameters:
              - { $ref: "#/components/parameters/Workspace" }
              - { $ref: "#/components/parameters/ICP" }
              - { $ref: "#/components/parameters/After" }
            get:
              operationId: icpActivity
              summary: "The ICP's events, newest first, a page at a time."
              parameters:
                - { name: limit, in: query, required: false, schema: { type: integer, minimum: 1, maximum: 500 } }
                - { name: before, in: query, required: false, schema: { type: integer, minimum: 1 } }
                - { name: type, in: query, required: false, schema: { type: string } }
                - { name: since, in: query, required: false, schema: { type: string, format: date-time } }
                - { name: until, in: query, required: false, schema: { type: string, format: date-time } }
              responses:
                "401": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "200": { $ref: "#/components/responses/Object" }
                "422": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
          /v1/workspaces/{workspace}/icps/{icp}/reviews:
            parameters:
              - { $ref: "#/components/parameters/Workspace" }
              - { $ref: "#/components/parameters/ICP" }
              - { $ref: "#/components/parameters/After" }
            post:
              operationId: recordReview
              summary: "Records the quarterly review: reaffirmed, or revision needed."
              requestBody:
                required: true
                content:
                  application/json:
                    schema: { type: object, additionalProperties: false, required: [outcome, notes], properties: { outcome: { type: string, enum: [reaffirmed, revisionNeeded] }, notes: { type: string } } }
              responses:
                "201": { $ref: "#/components/responses/Changed" }
                "400": { $ref: "#/components/responses/Problem" }
                "401": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "409": { $ref: "#/components/responses/Problem" }
                "412": { $ref: "#/components/responses/Problem" }
                "413": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
          /v1/workspaces/{workspace}/icps/{icp}/retire:
            parameters:
              - { $ref: "#/components/parameters/Workspace" }
              - { $ref: "#/components/parameters/ICP" }
              - { $ref: "#/components/parameters/After" }
            post:
              operationId: retireICP
              summary: "Retires the ICP (approvers and admins), with a reason."
              requestBody:
                required: true
                content:
                  application/json:
                    schema: { type: object, additionalProperties: false, required: [reason], properties: { reason: { type: string } } }
              responses:
                "200": { $ref: "#/components/responses/Changed" }
                "400": { $ref: "#/components/responses/Problem" }
                "401": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "409": { $ref: "#/components/responses/Problem" }
                "412": { $ref: "#/components/responses/Problem" }
                "413": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
          /v1/workspaces/{workspace}/icps/{icp}/revisions/{revision}/emergency-publish:
            parameters:
              - { $ref: "#/components/parameters/Workspace" }
              - { $ref: "#/components/parameters/ICP" }
              - { $ref: "#/components/parameters/Revision" }
              - { $ref: "#/components/parameters/After" }
            post:
              operationId: emergencyPublish
              summary: "Publishes without a second approval (admins only); opens an after-the-fact review."
              requestBody:
                required: true
                content:
                  application/json:
                    schema: { type: object, additionalProperties: false, required: [justification], properties: { justification: { type: string }, effectiveOn: { type: string, format: date }, backdated: { type: boolean } } }
              responses:
                "200": { $ref: "#/components/responses/Changed" }
                "400": { $ref: "#/components/responses/Problem" }
                "401": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "409": { $ref: "#/components/responses/Problem" }
                "412": { $ref: "#/components/responses/Problem" }
                "413": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
          /v1/workspaces/{workspace}/icps/{icp}/revisions/{revision}/amend:
            parameters:
              - { $ref: "#/components/parameters/Workspace" }
              - { $ref: "#/components/parameters/ICP" }
              - { $ref: "#/components/parameters/Revision" }
              - { $ref: "#/components/parameters/After" }
            post:
              operationId: amendRevision
              summary: "Replaces an open proposal's definition (JSON, or the ICP's YAML file); approvals it had are dismissed."
              parameters:
                - { $ref: "#/components/parameters/IfMatch" }
                - { name: rationale, in: query, required: false, schema: { type: string } }
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      additionalProperties: false
                      required: [definition, rationale]
                      properties:
                        definition: { $ref: "#/components/schemas/Definition" }
                        rationale: { type: string }
                        evidence: { type: array, maxItems: 100, items: { $ref: "#/components/schemas/Evidence" } }
                  application/yaml:
                    schema: { type: string, description: "The ICP file, as exported and edited; the rationale goes in ?rationale=." }
              responses:
                "200": { $ref: "#/components/responses/Changed" }
                "400": { $ref: "#/components/responses/Problem" }
                "401": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "409": { $ref: "#/components/responses/Problem" }
                "412": { $ref: "#/components/responses/Problem" }
                "413": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
          /v1/workspaces/{workspace}/icps/{icp}/revisions/{revision}/after-the-fact-review:
            parameters:
              - { $ref: "#/components/parameters/Workspace" }
              - { $ref: "#/components/parameters/ICP" }
              - { $ref: "#/components/parameters/Revision" }
              - { $ref: "#/components/parameters/After" }
            post:
              operationId: completeAfterTheFactReview
              summary: "Another approver reviews an emergency publication: upheld (the default), or reverted, which proposes again the definition it replaced."
              requestBody:
                required: true
                content:
                  application/json:
                    schema: { type: object, additionalProperties: false, required: [comment], properties: { comment: { type: string }, outcome: { type: string, enum: [upheld, reverted] } } }
              responses:
                "200": { $ref: "#/components/responses/Changed" }
                "400": { $ref: "#/components/responses/Problem" }
                "401": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "409": { $ref: "#/components/responses/Problem" }
                "412": { $ref: "#/components/responses/Problem" }
                "413": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
        components:
          securitySchemes:
            bearer: { type: http, scheme: bearer, description: "An API token (icpl_…), made with `icpledger token create` or POST /v1/tokens." }
          parameters:
            Workspace: { name: workspace, in: path, required: true, schema: { type: string } }
            ICP: { name: icp, in: path, required: true, schema: { type: string } }
            Revision: { name: revision, in: path, required: true, schema: { type: string } }
            Principal: { name: principal, in: path, required: true, schema: { type: string } }
            Finding: { name: finding, in: path, required: true, schema: { type: string } }
            Snapshot: { name: snapshot, in: path, required: true, schema: { type: string } }
            After:
              name: after
              in: query
              required: false
              description: A write's ICPLedger-Consistency-Token; the read waits (up to 5 s) until it shows that write, else 503.
              schema: { type: string }
            IfMatch:
              name: If-Match
              in: header
              required: false
              description: The ICP's ETag as last read; the change is refused with 412 if the ICP moved on.
              schema: { type: string }
          schemas:
            Id: { type: string, format: uuid }
            Role: { type: string, enum: [viewer, editor, approver, admin] }
            Evidence:
              type: object
              description: "What a change rests on: a finding of this workspace (its id) or an http(s) link to a document."
              additionalProperties: false
              required: [kind, ref]
              properties:
                kind: { type: string, enum: [finding, document] }
                ref: { type: string, maxLength: 2048 }
            Definition:
              type: object
              description: An ICP definition (the same fields `icpledger icp export` writes as YAML).
              required: [name, statement, mode, cadence, signals, disqualifiers, committee, thresholds, missingDataPolicy]
            Problem:
              type: object
              required: [type, title, status, detail]
              properties:
                type: { type: string }
                title: { type: string }
                status: { type: integer }
                detail: { type: string }
                errors:
                  type: array
                  items:
                    type: object
                    required: [field, code, message]
                    properties: { field: { type: string }, code: { type: string }, message: { type: string } }
          responses:
            Object:
              description: OK
              content: { application/json: { schema: { type: object } } }
            YAML:
              description: An ICP file.
              content: { application/yaml: { schema: {} } }
            Changed:
              description: The change, with the ICP's new version as ETag and the write's consistency token.
              headers:
                ETag: { schema: { type: string } }
                ICPLedger-Consistency-Token: { schema: { type: string } }
              content: { application/json: { schema: { type: object } } }
            Problem:
              description: An RFC 9457 problem document.
              content: { application/problem+json: { schema: { $ref: "#/components/schemas/Problem" } } }
        """#
}
