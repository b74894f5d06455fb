#!/usr/bin/env python3
"""A stand-in for the `aws` command, for running the exported script without AWS.

STUB_FAIL and STUB_STATUS make one operation fail, or every status read answer a given value.

Each call appends its argv (after `aws`) as one JSON line to $STUB_LOG and answers like an
account that is empty ($STUB_MODE=fresh: every look-up finds nothing, so every create runs) or
one where everything exists ($STUB_MODE=existing: every look-up finds it, so nothing is created
again). Status reads answer the state the script waits for; creates answer made-up ids, one per
field their --query selects.
"""

import json
import os
import sys

# Made-up ids in the shapes the service models require (their patterns), so the commands that
# pass them on can be checked against those models.
ACCOUNT_A, ACCOUNT_B = "111122223333", "444455556666"
INSTANCE = "ssoins-0123456789abcdef"
INSTANCE_ARN = "arn:aws:sso:::instance/" + INSTANCE
IDENTITY_STORE = "d-0123456789"
KEY_ID = "mrk-0123456789abcdef0123456789abcdef"


def uuid(n):
    return "b2b1ad1c-0000-4000-8000-%012d" % n


# What a create answers, or a look-up finds where everything exists, by operation: one value
# per field its --query selects.
IDS = {
    "create-key": [KEY_ID],
    "describe-key": [KEY_ID],
    "create-permission-set": ["arn:aws:sso:::permissionSet/%s/ps-0123456789abcdef" % INSTANCE],
    "create-account-assignment": [uuid(1)],
    "provision-permission-set": [uuid(2)],
    "start-query-execution": [uuid(3)],
    "execute-statement": [uuid(4)],
    "create-access-grants-location": ["a1b2c3d4-5678-90ab-cdef-0123456789ab"],
    "list-access-grants-locations": ["a1b2c3d4-5678-90ab-cdef-0123456789ab"],
    "create-access-grant": ["c1d2e3f4-5678-90ab-cdef-0123456789ab"],
    "list-access-grants": ["c1d2e3f4-5678-90ab-cdef-0123456789ab"],
    "create-redshift-idc-application": [
        "arn:aws:redshift:us-west-2:%s:redshiftidcapplication:0123abcd-0000-4000-8000-000000000001" % ACCOUNT_B,
        "arn:aws:sso::%s:application/%s/apl-0123456789abcdef" % (ACCOUNT_B, INSTANCE),
    ],
    "create-qev2-idc-application": [
        "arn:aws:redshift:us-west-2:%s:qev2idcapplication:0123abcd-0000-4000-8000-000000000002" % ACCOUNT_B,
        "arn:aws:sso::%s:application/%s/apl-fedcba9876543210" % (ACCOUNT_B, INSTANCE),
    ],
}
IDS["describe-redshift-idc-applications"] = IDS["create-redshift-idc-application"]
IDS["describe-qev2-idc-applications"] = IDS["create-qev2-idc-application"]


def table_bucket_arn(argv):
    region = option(argv, "--region") or "us-west-2"
    name = option(argv, "--name") or option(argv, "--prefix") or "tables"
    return "arn:aws:s3tables:%s:%s:bucket/%s" % (region, ACCOUNT_B, name)


# The --query of each status read the script polls, and the state it waits for.
STATUS = {
    "Status": "ACTIVE",
    "KeyMetadata.KeyState": "Enabled",
    "EncryptionConfigurationDetails.EncryptionStatus": "ENABLED",
    "AccountAssignmentCreationStatus.Status": "SUCCEEDED",
    "PermissionSetProvisioningStatus.Status": "SUCCEEDED",
    "QueryExecution.Status.State": "SUCCEEDED",
}


def option(argv, name):
    for i, a in enumerate(argv):
        if a == name and i + 1 < len(argv):
            return argv[i + 1]
    return None


def missing(op):
    sys.stderr.write(
        "\nAn error occurred (ResourceNotFoundException) when calling the %s operation: not found\n" % op
    )
    sys.exit(254)


def fields(query):
    """How many words a --query answers: the items of a trailing multi-select [a, b]."""
    if query and query.rstrip().endswith("]") and "[" in query:
        inner = query[query.rfind("[") + 1 : query.rstrip().rfind("]")]
        if "," in inner and "?" not in inner:
            return inner.count(",") + 1
    return 1


def answer(argv, mode):
    service, op = argv[0], argv[1] if len(argv) > 1 else ""
    query = option(argv, "--query")
    fresh = mode == "fresh"
    # Reads the script needs in either kind of account.
    if (service, op) == ("sso-admin", "list-instances"):
        return "%s\t%s" % (INSTANCE_ARN, IDENTITY_STORE)
    if op == "get-group-id":
        return "0123456789-a1b2c3d4-0000-4000-8000-000000000001"
    if op == "get-user-id":
        return "0123456789-a1b2c3d4-0000-4000-8000-000000000002"
    if (service, op) == ("lakeformation", "get-data-lake-settings"):
        return json.dumps({"DataLakeAdmins": [], "CreateDatabaseDefaultPermissions": []})
    if (service, op) == ("cloudtrail", "lookup-events"):
        return "1"
    if (service, op) == ("redshift-data", "describe-statement"):
        return "FINISHED"
    if (service, op) == ("sso-admin", "describe-instance") and query and query.endswith("KmsKeyArn"):
        region = option(argv, "--region") or "us-east-1"
        return "None" if fresh else "arn:aws:kms:%s:%s:key/%s" % (region, ACCOUNT_A, KEY_ID)
    if (service, op) == ("sso-admin", "list-permission-sets"):
        return "" if fresh else "arn:aws:sso:::permissionSet/%s/ps-0123456789abcdef" % INSTANCE
    if (service, op) == ("sso-admin", "describe-permission-set"):
        return os.environ.get("STUB_PERMISSION_SET_NAME", "")
    if query in STATUS:
        return STATUS[query]
    is_read = op.split("-")[0] in ("get", "describe", "list", "head")
    if is_read and fresh:
        missing(op)
    if op == "head-bucket":
        return None
    if op == "get-access-grants-instance":
        return INSTANCE_ARN
    if op in ("create-table-bucket", "list-table-buckets"):
        return table_bucket_arn(argv)
    if op in IDS:
        return "\t".join(IDS[op])
    if query:
        return "\t".join("found-%d" % i for i in range(fields(query)))
    return None


def main():
    argv = sys.argv[1:]
    with open(os.environ["STUB_LOG"], "a", encoding="utf-8") as f:
        f.write(json.dumps(argv) + "\n")
    # STUB_FAIL=operation: that call is refused, as AWS refuses a caller without the permission.
    if len(argv) > 1 and argv[1] == os.environ.get("STUB_FAIL"):
        sys.stderr.write(
            "\nAn error occurred (AccessDeniedException) when calling the %s operation: "
            "User is not authorized to perform this action\n" % argv[1]
        )
        sys.exit(254)
    # STUB_STATUS=VALUE: every status read answers VALUE (FAILED, to see a wait give up).
    if os.environ.get("STUB_STATUS") and option(argv, "--query") in STATUS:
        print(os.environ["STUB_STATUS"])
        return
    out = answer(argv, os.environ.get("STUB_MODE", "fresh"))
    if out is not None:
        print(out)


if __name__ == "__main__":
    main()
