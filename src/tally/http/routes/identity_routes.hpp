#pragma once

#include "tally/http/router.hpp"
#include "tally/identity/identity_service.hpp"

namespace tally::http {

struct SessionCookieOptions {
    bool secure = false;  // add Secure: set when Tally is served over HTTPS
    int max_age_s = 12 * 3600;
};

// Sign-in and sign-out, /api/v1/me, users, API tokens and the audit log.
void register_identity_routes(Router& router, identity::IdentityService& identity,
                              SessionCookieOptions cookie);

}  // namespace tally::http
