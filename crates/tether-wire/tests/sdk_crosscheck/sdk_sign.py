"""Signature oracle for tether's SDK cross-check (crates/tether-wire/tests/sdk_crosscheck/).

Reads {"cases": [...]} as JSON on stdin and writes {"results": [...]} on stdout, one result
per case, in order. Every signature comes from the official SDKs' own signing code:

* alibaba_acs3   - alibabacloud_openapi_util.client.Client.get_authorization
* alibaba_rpc_v1 - aliyunsdkcore.auth.composer.rpc_signature_composer (string to sign,
                   signature, and a whole signed URL via get_signed_url) and
                   alibabacloud_openapi_util.client.Client.get_rpcsignature
* tencent_tc3    - tencentcloud.common.abstract_client.AbstractClient._get_tc3_signature
* volcengine     - volcenginesdkcore.signv4.SignerV4.sign

The SDKs read the clock (and the classic Alibaba SDK makes a nonce) themselves; those hooks
are pinned per case so that results are deterministic. Nothing here touches the network.
"""

import datetime
import hashlib
import json
import sys
import types
from urllib.parse import urlencode

from alibabacloud_openapi_util.client import Client as OpenApiUtil
from aliyunsdkcore.auth.composer import rpc_signature_composer as rpc_composer
from aliyunsdkcore.utils import parameter_helper
from tencentcloud.common.abstract_client import AbstractClient
from volcenginesdkcore import signv4

# Module-level helpers of the classic composer; double-underscore names are only reachable
# through getattr.
compose_string_to_sign = getattr(rpc_composer, "__compose_string_to_sign")
get_signature = getattr(rpc_composer, "__get_signature")


def utc(ts):
    return datetime.datetime.fromtimestamp(ts, datetime.timezone.utc).replace(tzinfo=None)


class FrozenDatetime(datetime.datetime):
    """Stands in for datetime.datetime inside volcenginesdkcore.signv4."""

    frozen = None

    @classmethod
    def utcnow(cls):
        return cls.frozen


signv4.datetime = types.SimpleNamespace(datetime=FrozenDatetime)


def alibaba_acs3(case):
    request = types.SimpleNamespace(
        pathname=case["pathname"],
        method=case["method"],
        query=dict(case["query"]),
        headers=dict(case["headers"]),
    )
    payload_hash = hashlib.sha256(case["body"].encode("utf-8")).hexdigest()
    authorization = OpenApiUtil.get_authorization(
        request, "ACS3-HMAC-SHA256", payload_hash, case["ak"], case["sk"]
    )
    return {"authorization": authorization, "payload_hash": payload_hash}


def alibaba_rpc_v1(case):
    params = dict(case["params"])
    string_to_sign = compose_string_to_sign(case["method"], dict(params))
    core_signature = get_signature(string_to_sign, case["sk"])
    util_signature = OpenApiUtil.get_rpcsignature(dict(params), case["method"], case["sk"])

    # A complete request URL as the classic SDK builds it (it adds SignatureType= and Format).
    timestamp = utc(case["timestamp"]).strftime("%Y-%m-%dT%H:%M:%SZ")
    parameter_helper.get_uuid = lambda: case["nonce"]
    parameter_helper.get_iso_8061_date = lambda: timestamp
    body_params = dict(case["body_params"])
    url, _ = rpc_composer.get_signed_url(
        dict(case["url_params"]),
        case["ak"],
        case["sk"],
        case["format"],
        case["method"],
        body_params,
    )
    return {
        "string_to_sign": string_to_sign,
        "core_signature": core_signature,
        "util_signature": util_signature,
        "sdk_url": url,
        # Form encoding with `+` for spaces, as Python HTTP clients send it.
        "sdk_body": urlencode([tuple(pair) for pair in case["body_params"]]),
    }


def tencent_tc3(case):
    request = types.SimpleNamespace(
        uri=case["uri"],
        method=case["method"],
        data=case["data"],
        header=dict(case["headers"]),
    )
    date = utc(case["timestamp"]).strftime("%Y-%m-%d")
    signature = AbstractClient._get_tc3_signature(
        None, None, request, date, case["service"], case["sk"]
    )
    # The header format of AbstractClient._build_req_with_tc3_signature.
    authorization = (
        "TC3-HMAC-SHA256 Credential=%s/%s/%s/tc3_request, "
        "SignedHeaders=content-type;host, Signature=%s"
        % (case["sid"], date, case["service"], signature)
    )
    return {"authorization": authorization}


def volcengine(case):
    FrozenDatetime.frozen = utc(case["timestamp"])
    headers = dict(case["headers"])
    signv4.SignerV4.sign(
        case["path"],
        case["method"],
        headers,
        case["body"],
        None,
        [tuple(pair) for pair in case["query"]],
        case["ak"],
        case["sk"],
        case["region"],
        case["service"],
        case.get("token"),
    )
    return {"headers": headers}


HANDLERS = {
    "alibaba_acs3": alibaba_acs3,
    "alibaba_rpc_v1": alibaba_rpc_v1,
    "tencent_tc3": tencent_tc3,
    "volcengine": volcengine,
}


def main():
    cases = json.load(sys.stdin)["cases"]
    results = []
    for case in cases:
        try:
            results.append(HANDLERS[case["algo"]](case))
        except Exception as exc:  # reported per case, the Rust side fails the test
            results.append({"error": "%s: %s" % (type(exc).__name__, exc)})
    json.dump({"results": results}, sys.stdout)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
