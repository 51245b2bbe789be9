"""Checks of our own for the API fuzz run (test/hardening/api-fuzz.test.ts), beside schemathesis' built-in ones."""

import schemathesis


@schemathesis.check
def errors_are_json_naming_the_field(ctx, response, case):
    """Every refusal is the API's error JSON; an invalid request names the field it refuses."""
    if response.status_code < 400:
        return None
    try:
        body = response.json()
    except Exception:
        raise AssertionError(f"{response.status_code} answered without a JSON body: {response.text[:200]!r}")
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict) or not error.get("code") or not error.get("message"):
        raise AssertionError(f"{response.status_code} answered without error.code and error.message: {response.text[:200]!r}")
    if error["code"] == "invalid_request" and not error.get("field"):
        raise AssertionError(f"an invalid request names no field: {error['message'][:200]!r}")
    return None
