"""Who may call each page and API operation of the platform: the permission matrix's expected table.

Keys are URL names (namespace:name) and API operations ("METHOD /api/v1/path" from the OpenAPI schema);
values are the actors allowed, by the names of tests/security/matrix_world.ACTORS. Everyone else must be
refused (401/403/404 or the login page). The objects in the URLs belong to the in-region actors (张伟 of
莲都区 and those over him); the "out_" actors are the same roles in 杭州, who must see none of it.

A row that says an actor is allowed means the permission check let them through: the call may still fail
on the form or the state (400/409/422), which is the business rules' concern, not this table's.
Routes named NOBODY take an object no actor of this world can reach through them (e.g. another session's
import report), so they prove at least that nobody else can.
"""

ACTORS = (
    "anonymous",
    "professional",
    "employer",
    "authority",
    "office",
    "expert",
    "bureau",
    "city_bureau",
    "admin",
    "out_professional",
    "out_employer",
    "out_authority",
    "out_office",
    "out_expert",
    "out_bureau",
)
EVERYONE = frozenset(ACTORS)
LOGGED_IN = EVERYONE - {"anonymous"}
NOBODY: frozenset[str] = frozenset()

ALLOWED: dict[str, frozenset[str]] = {
    # --- site: The home page and the health check.
    "healthz": EVERYONE,
    "home": LOGGED_IN,
    # --- accounts: Logging in and out is for everyone; the password pages for anyone logged in.
    "accounts:login": EVERYONE,
    "accounts:logout": EVERYONE,
    "accounts:password_change": LOGGED_IN,
    "accounts:password_change_done": LOGGED_IN,
    # --- alerts: bureaus only, each over its own region; the outsider bureau lists its own (empty) one.
    "alerts:confirm": frozenset({"bureau", "city_bureau", "admin"}),
    "alerts:detail": frozenset({"bureau", "city_bureau", "admin"}),
    "alerts:dismiss": frozenset({"bureau", "city_bureau", "admin"}),
    "alerts:list": frozenset({"bureau", "city_bureau", "admin", "out_bureau"}),
    "alerts:run": frozenset({"bureau", "city_bureau", "admin", "out_bureau"}),
    # --- applications: 张伟's cases, for him, his employer, the authority, the office and bureaus over him.
    "applications:bulk": NOBODY,
    "applications:detail": frozenset(
        {"professional", "employer", "authority", "office", "bureau", "city_bureau", "admin"}
    ),
    "applications:dossier": frozenset({"employer", "authority", "office", "bureau", "city_bureau", "admin"}),
    "applications:edit": frozenset({"professional", "admin"}),
    "applications:list": LOGGED_IN,
    "applications:new": frozenset({"professional", "out_professional"}),
    "applications:route_preview": frozenset({"professional", "out_professional"}),
    "applications:transition": frozenset({"employer", "admin"}),
    # --- archive: 张伟's archive: he edits it, his employer verifies it, the reviewers over his region read it.
    "archive:achievement": frozenset(
        {"professional", "employer", "authority", "office", "bureau", "city_bureau", "admin"}
    ),
    "archive:achievement_delete": frozenset({"professional", "admin"}),
    "archive:achievement_edit": frozenset(
        {"professional", "employer", "authority", "office", "bureau", "city_bureau", "admin"}
    ),
    "archive:achievement_new": frozenset({"professional", "out_professional"}),
    "archive:dossier": frozenset({"professional", "employer", "authority", "office", "bureau", "city_bureau", "admin"}),
    "archive:entry_add": frozenset({"professional", "out_professional"}),
    "archive:entry_delete": frozenset({"professional"}),
    "archive:evidence": frozenset(
        {"professional", "employer", "authority", "office", "bureau", "city_bureau", "admin"}
    ),
    "archive:evidence_add": frozenset(
        {"professional", "employer", "authority", "office", "bureau", "city_bureau", "admin"}
    ),
    "archive:evidence_delete": frozenset({"professional", "admin"}),
    "archive:import_report": NOBODY,
    "archive:mine": LOGGED_IN,
    "archive:pending": LOGGED_IN,
    "archive:professional": frozenset(
        {"professional", "employer", "authority", "office", "bureau", "city_bureau", "admin"}
    ),
    "archive:profile": frozenset({"professional", "out_professional"}),
    "archive:remind": frozenset({"employer", "out_employer"}),
    "archive:return": frozenset({"employer", "admin"}),
    "archive:staff": LOGGED_IN,
    "archive:staff_import": LOGGED_IN,
    "archive:verify": frozenset({"employer", "admin"}),
    # --- certificates: Certificates: the bureau issues, the holder and the employer download, anyone verifies.
    "certificates:download": frozenset({"professional", "employer", "admin"}),
    "certificates:issue": frozenset({"bureau", "city_bureau"}),
    "certificates:list": frozenset({"employer", "bureau", "city_bureau", "out_employer", "out_bureau"}),
    "certificates:mine": LOGGED_IN,
    "certificates:revoke": frozenset({"admin"}),
    "certificates:verify": EVERYONE,
    # --- committees: public lists and plans; the seat bureau sets status; the office edits its plan.
    "committees:deadlines": LOGGED_IN,
    "committees:experts": frozenset({"bureau", "city_bureau", "out_bureau"}),
    "committees:filing_approve": frozenset({"bureau", "city_bureau"}),
    "committees:filing_new": LOGGED_IN,
    "committees:list": EVERYONE,
    "committees:plan_edit": frozenset({"office", "admin"}),
    "committees:plans": EVERYONE,
    "committees:status": frozenset({"bureau", "city_bureau"}),
    # --- education: Continuing education: the employer confirms its staff's hours; bureaus and offices import.
    "education:calculator": EVERYONE,
    "education:home": frozenset(
        {
            "professional",
            "employer",
            "office",
            "bureau",
            "city_bureau",
            "out_professional",
            "out_employer",
            "out_office",
            "out_bureau",
        }
    ),
    "education:import_detail": frozenset({"office", "admin"}),
    "education:import_report": NOBODY,
    "education:imports": frozenset({"office", "bureau", "city_bureau", "out_office", "out_bureau"}),
    "education:record_add": frozenset({"professional", "out_professional"}),
    "education:record_confirm": frozenset({"employer"}),
    "education:record_reject": frozenset({"employer"}),
    # --- evaluation: the office runs meetings, the bureau approves reports, only the panel scores and votes.
    "evaluation:meeting": frozenset({"office", "expert", "bureau", "city_bureau", "admin"}),
    "evaluation:meeting_action": frozenset({"office"}),
    "evaluation:meeting_new": frozenset({"office", "out_office"}),
    "evaluation:meetings": LOGGED_IN,
    "evaluation:minutes": NOBODY,
    "evaluation:my_meetings": frozenset({"expert", "out_expert"}),
    "evaluation:panel": frozenset({"expert"}),
    "evaluation:panel_recuse": frozenset({"expert"}),
    "evaluation:panel_score": frozenset({"expert"}),
    "evaluation:panel_vote": frozenset({"expert"}),
    "evaluation:report": frozenset({"office", "bureau", "city_bureau"}),
    "evaluation:report_decide": frozenset({"bureau"}),
    "evaluation:report_submit": frozenset({"office"}),
    "evaluation:reports": frozenset({"bureau", "city_bureau", "out_bureau"}),
    "evaluation:standard_action": frozenset({"office", "out_office"}),
    "evaluation:standard_detail": frozenset(
        {"office", "expert", "bureau", "city_bureau", "out_office", "out_expert", "out_bureau"}
    ),
    "evaluation:standard_indicator_add": frozenset(
        {"office", "expert", "bureau", "city_bureau", "out_office", "out_expert", "out_bureau"}
    ),
    "evaluation:standard_indicator_edit": frozenset(
        {"office", "expert", "bureau", "city_bureau", "out_office", "out_expert", "out_bureau"}
    ),
    "evaluation:standard_indicator_remove": frozenset({"office"}),
    "evaluation:standard_list": frozenset(
        {"office", "expert", "bureau", "city_bureau", "out_office", "out_expert", "out_bureau"}
    ),
    "evaluation:standard_new": frozenset({"office", "out_office"}),
    # --- inspections: Spot checks: the bureau over 莲都区 and the drawn inspector (赵国强).
    "inspections:campaign": frozenset({"expert", "bureau", "city_bureau"}),
    "inspections:finding": frozenset({"expert", "bureau", "city_bureau"}),
    "inspections:manage": LOGGED_IN,
    "inspections:pool": frozenset({"bureau", "city_bureau", "out_bureau"}),
    "inspections:pool_remove": frozenset({"bureau", "city_bureau"}),
    "inspections:public_detail": NOBODY,
    "inspections:public_list": EVERYONE,
    "inspections:publish": frozenset({"bureau", "city_bureau"}),
    # --- oversight: Re-review and complaints: the city bureau draws; anyone may complain about a committee.
    "oversight:assign": frozenset({"city_bureau"}),
    "oversight:committee": frozenset({"bureau", "city_bureau"}),
    "oversight:complain": EVERYONE,
    "oversight:draw": LOGGED_IN,
    "oversight:draw_detail": frozenset({"city_bureau"}),
    "oversight:escalate": frozenset({"bureau", "city_bureau"}),
    "oversight:index": frozenset({"bureau", "city_bureau", "out_bureau"}),
    "oversight:my_rereviews": LOGGED_IN,
    "oversight:rereview": NOBODY,
    # --- publication: Result lists: the office files, the bureau publishes; published lists are public.
    "publication:bureau_list": frozenset({"bureau", "city_bureau", "out_bureau"}),
    "publication:document": frozenset({"office", "bureau", "city_bureau"}),
    "publication:office_list": frozenset({"office", "out_office"}),
    "publication:prepare": frozenset({"office", "out_office"}),
    "publication:public_detail": EVERYONE,
    "publication:public_list": EVERYONE,
    "publication:publish": frozenset({"office", "bureau", "city_bureau"}),
    "publication:request_detail": frozenset({"office", "bureau", "city_bureau"}),
    "publication:return": frozenset({"bureau"}),
    # --- publicity: Publicity: public lists; the office (or employer, in-unit) publishes and answers objections.
    "publicity:answer": frozenset({"office"}),
    "publicity:office_detail": frozenset({"office"}),
    "publicity:office_list": frozenset({"employer", "office", "out_employer", "out_office"}),
    "publicity:prepare": frozenset({"employer", "office", "out_employer", "out_office"}),
    "publicity:prepare_kind": frozenset({"office", "out_office"}),
    "publicity:public_detail": EVERYONE,
    "publicity:public_list": EVERYONE,
    # --- referrals: Referral to the province: the city bureau over the committee (rs_lishui) only.
    "referrals:decide": frozenset({"city_bureau"}),
    "referrals:desk": frozenset({"city_bureau"}),
    "referrals:issue": frozenset({"city_bureau"}),
    "referrals:letter": frozenset({"city_bureau"}),
    # --- supervision: Supervision: bureaus, authorities, offices and employers see their own scope.
    "supervision:breadth": frozenset(
        {
            "employer",
            "authority",
            "office",
            "bureau",
            "city_bureau",
            "admin",
            "out_employer",
            "out_authority",
            "out_office",
            "out_bureau",
        }
    ),
    "supervision:breadth_export": frozenset(
        {
            "employer",
            "authority",
            "office",
            "bureau",
            "city_bureau",
            "admin",
            "out_employer",
            "out_authority",
            "out_office",
            "out_bureau",
        }
    ),
    "supervision:dashboard": frozenset({"bureau", "city_bureau", "admin", "out_bureau"}),
    "supervision:dashboard_export": NOBODY,
    # --- api: The JSON API, by "METHOD /path" as the OpenAPI schema names it.
    "DELETE /api/v1/archive/achievements/{achievement_id}": frozenset({"professional", "admin"}),
    "GET /api/v1/applications": LOGGED_IN,
    "GET /api/v1/applications/{application_id}": frozenset(
        {"professional", "employer", "authority", "office", "bureau", "city_bureau", "admin"}
    ),
    "GET /api/v1/applications/{application_id}/timeline": frozenset(
        {"professional", "employer", "authority", "office", "bureau", "city_bureau", "admin"}
    ),
    "GET /api/v1/archive/achievements": LOGGED_IN,
    "GET /api/v1/archive/achievements/{achievement_id}": frozenset(
        {"professional", "employer", "authority", "office", "bureau", "city_bureau", "admin"}
    ),
    "GET /api/v1/archive/evidence/{evidence_id}": frozenset(
        {"professional", "employer", "authority", "office", "bureau", "city_bureau", "admin"}
    ),
    "GET /api/v1/archive/professionals/{professional_id}": frozenset(
        {"professional", "employer", "authority", "office", "bureau", "city_bureau", "admin"}
    ),
    "GET /api/v1/archive/professionals/{professional_id}/completeness": frozenset(
        {"professional", "employer", "authority", "office", "bureau", "city_bureau", "admin"}
    ),
    "GET /api/v1/archive/profile": frozenset({"professional", "out_professional"}),
    "GET /api/v1/committees": EVERYONE,
    "GET /api/v1/committees/deadlines": LOGGED_IN,
    "GET /api/v1/committees/experts": LOGGED_IN,
    "GET /api/v1/committees/plans": EVERYONE,
    "GET /api/v1/healthz": EVERYONE,
    "GET /api/v1/professionals/{professional_id}/compliance": NOBODY,
    "GET /api/v1/supervision/breadth": frozenset(
        {
            "employer",
            "authority",
            "office",
            "bureau",
            "city_bureau",
            "admin",
            "out_employer",
            "out_authority",
            "out_office",
            "out_bureau",
        }
    ),
    "POST /api/v1/applications": frozenset({"professional", "out_professional"}),
    "POST /api/v1/applications/{application_id}/transitions/{action}": frozenset({"employer", "admin"}),
    "POST /api/v1/archive/achievements": frozenset({"professional", "out_professional"}),
    "POST /api/v1/archive/achievements/{achievement_id}/evidence": frozenset({"professional", "admin"}),
    "POST /api/v1/archive/achievements/{achievement_id}/return": frozenset({"employer", "admin"}),
    "POST /api/v1/archive/achievements/{achievement_id}/verify": frozenset({"employer", "admin"}),
    "POST /api/v1/committees/filings/{filing_id}/approve": frozenset({"bureau", "city_bureau"}),
    "POST /api/v1/committees/{committee_id}/status": frozenset({"bureau", "city_bureau"}),
    "POST /api/v1/education/compliance": EVERYONE,
    "PUT /api/v1/archive/achievements/{achievement_id}": frozenset({"professional", "admin"}),
    "PUT /api/v1/archive/profile": frozenset({"professional", "out_professional"}),
}
