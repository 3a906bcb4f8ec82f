"""Drives the clouds' official Python SDKs against a running tether emulator.

Reads one JSON document on stdin:

    {"port": 1234, "access_key": "...", "secret_key": "...",
     "cases": [{"id": "...", "sdk": "...", "action": "...", "params": {...},
                "secret": "optional override (wrong-secret cases)"}, ...]}

and writes {"results": [...]} on stdout, one result per case, in order:

    {"id", "ok": true,  "request_id", "parsed": <what the SDK parsed, as JSON>}
    {"id", "ok": false, "code", "status", "request_id", "message", "exception"}
    {"id", "crash": "<traceback>"}   (anything that is not an SDK error answer)

SDKs (`sdk` of a case):

- `aliyun-classic`: aliyun-python-sdk-core AcsClient with the typed request classes of
  aliyun-python-sdk-vpc / -ess / -ecs / -slb (parameters are the names of their `set_X`
  methods), or a classic CommonRequest when the package has no class for the action
  (parameters are wire names). HMAC-SHA1 signature in the query.
- `alibaba-tea`: alibabacloud-tea-openapi, ACS3-HMAC-SHA256. The typed
  alibabacloud_vpc20160428 / _ecs20140526 / _slb20140515 client when it has the action
  (parameters are wire names, read by the model's `from_map`), otherwise the generic
  `OpenApiClient.call_api` (RPC style).
- `tencent-common`: tencentcloud CommonClient.call_json (TC3-HMAC-SHA256).
- `tencent-typed`: tencentcloud VpcClient / CvmClient with the typed models.
- `volcengine`: volcenginesdkvpc VPCApi / volcenginesdkecs ECSApi with the typed models
  (parameters are the models' snake_case attribute names).

A case's `product` is the API's service: `vpc`, `ess`, `ecs`, `slb` (Alibaba), `vpc`,
`cvm` (Tencent), `vpc`, `ecs` (Volcengine).

A document with an "endpoints" key instead asks the SDKs' own endpoint resolvers, offline:

    {"endpoints": {"alibaba": [regions], "tencent": [regions], "volcengine": [regions]}}

and gets {"endpoints": [{"cloud", "sdk", "service", "region", "host"}, ...]}: Alibaba through
the current tea clients (alibabacloud_vpc20160428, _ecs20140526, _slb20140515, and
alibabacloud_ess20220222 for ESS; `Client(config)._endpoint`) and through the classic request
classes' endpoint data with aliyunsdkcore's local resolvers (rules, then endpoints.json;
`host` None where only the location service would know); Tencent through AbstractClient's
`_get_endpoint`; Volcengine through volcenginesdk-core's DefaultEndpointProvider.

A parameter value "$ref:<case id>:<path>" (or "$refint:" for an integer) is replaced by
the value at the '/'-separated <path> of what an earlier case parsed.
"""

import importlib
import json
import re
import sys
import traceback

ALIBABA_REGION = "cn-hangzhou"
TENCENT_REGION = "ap-guangzhou"
VOLCENGINE_REGION = "cn-beijing"

ALIBABA_PRODUCTS = {
    "vpc": ("Vpc", "2016-04-28", "aliyunsdkvpc.request.v20160428"),
    "ess": ("Ess", "2014-08-28", "aliyunsdkess.request.v20140828"),
    "ecs": ("Ecs", "2014-05-26", "aliyunsdkecs.request.v20140526"),
    "slb": ("Slb", "2014-05-15", "aliyunsdkslb.request.v20140515"),
}

# Typed tea clients: product -> (package of `models` and `client.Client`).
ALIBABA_TEA_TYPED = {
    "vpc": "alibabacloud_vpc20160428",
    "ecs": "alibabacloud_ecs20140526",
    "slb": "alibabacloud_slb20140515",
}

# Tencent products: product -> (version, package with `models` and `<product>_client`).
TENCENT_PRODUCTS = {
    "vpc": ("2017-03-12", "tencentcloud.vpc.v20170312"),
    "cvm": ("2017-03-12", "tencentcloud.cvm.v20170312"),
}

# Volcengine products: product -> (package, API class).
VOLCENGINE_PRODUCTS = {
    "vpc": ("volcenginesdkvpc", "VPCApi"),
    "ecs": ("volcenginesdkecs", "ECSApi"),
}


def snake(name):
    """AssociateEipAddress -> associate_eip_address."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def flatten(params):
    """Wire parameters: lists become Name.1, Name.2, ..."""
    out = {}
    for key, value in params.items():
        if isinstance(value, list):
            for index, item in enumerate(value, start=1):
                out["%s.%d" % (key, index)] = str(item)
        elif isinstance(value, bool):
            out[key] = "true" if value else "false"
        else:
            out[key] = str(value)
    return out


def lookup(saved, case_id, path):
    value = saved[case_id]
    for part in path.split("/"):
        if part == "":
            continue
        if isinstance(value, list):
            value = value[int(part)]
        else:
            value = value[part]
    return value


def resolve(value, saved):
    if isinstance(value, str):
        for prefix, convert in (("$refint:", int), ("$ref:", lambda v: v)):
            if value.startswith(prefix):
                case_id, _, path = value[len(prefix):].partition(":")
                return convert(lookup(saved, case_id, path))
        return value
    if isinstance(value, list):
        return [resolve(v, saved) for v in value]
    if isinstance(value, dict):
        return {k: resolve(v, saved) for k, v in value.items()}
    return value


def error_result(code, status, request_id, message, exc):
    return {
        "ok": False,
        "code": code,
        "status": status,
        "request_id": request_id,
        "message": message,
        "exception": type(exc).__module__ + "." + type(exc).__name__,
    }


# ------------------------------------------------------------------------------------------
# Alibaba, classic SDK (aliyun-python-sdk-core, HMAC-SHA1)


def run_aliyun_classic(ctx, case, params, secret):
    from aliyunsdkcore.acs_exception.exceptions import ClientException, ServerException
    from aliyunsdkcore.client import AcsClient
    from aliyunsdkcore.request import CommonRequest

    client = AcsClient(
        ctx["access_key"], secret, ALIBABA_REGION, auto_retry=False, port=ctx["port"]
    )
    product, version, package = ALIBABA_PRODUCTS[case["product"]]
    action = case["action"]
    try:
        module = importlib.import_module("%s.%sRequest" % (package, action))
        request = getattr(module, action + "Request")()
        for name, value in params.items():
            getattr(request, "set_" + name)(value)
        request.set_endpoint("127.0.0.1")
    except ModuleNotFoundError:
        request = CommonRequest(
            domain="127.0.0.1", version=version, action_name=action, product=product
        )
        request.set_method("POST")
        for name, value in flatten(params).items():
            request.add_query_param(name, value)
    request.set_protocol_type("http")
    try:
        raw = client.do_action_with_exception(request)
    except ServerException as exc:
        return error_result(
            exc.get_error_code(),
            exc.get_http_status(),
            exc.get_request_id(),
            exc.get_error_msg(),
            exc,
        )
    except ClientException as exc:
        return error_result(exc.get_error_code(), None, None, exc.get_error_msg(), exc)
    parsed = json.loads(raw)
    return {"ok": True, "request_id": parsed.get("RequestId"), "parsed": parsed}


# ------------------------------------------------------------------------------------------
# Alibaba, tea / OpenAPI SDK (alibabacloud-tea-openapi, ACS3-HMAC-SHA256)


def run_alibaba_tea(ctx, case, params, secret):
    from alibabacloud_tea_openapi import exceptions as tea_exceptions
    from alibabacloud_tea_openapi import utils_models as open_api_util_models
    from alibabacloud_tea_openapi.client import Client as OpenApiClient
    from alibabacloud_tea_openapi.utils import Utils
    from darabonba.exceptions import DaraException
    from darabonba.runtime import RuntimeOptions

    config = open_api_util_models.Config(
        access_key_id=ctx["access_key"],
        access_key_secret=secret,
        endpoint="127.0.0.1:%d" % ctx["port"],
        protocol="http",
        region_id=ALIBABA_REGION,
        signature_algorithm="ACS3-HMAC-SHA256",
    )
    action = case["action"]
    _, version, _ = ALIBABA_PRODUCTS[case["product"]]
    typed = None
    package = ALIBABA_TEA_TYPED.get(case["product"])
    if package is not None:
        models = importlib.import_module(package + ".models")
        client_class = importlib.import_module(package + ".client").Client
        model = getattr(models, action + "Request", None)
        if model is not None and hasattr(client_class, snake(action)):
            typed = (client_class(config), model)
    try:
        if typed is not None:
            client, model = typed
            request = model().from_map(dict(params))
            response = getattr(client, snake(action))(request)
            parsed = response.body.to_map()
            request_id = response.body.request_id
            how = "typed"
        else:
            client = OpenApiClient(config)
            api = open_api_util_models.Params(
                action=action,
                version=version,
                protocol="HTTP",
                pathname="/",
                method="POST",
                auth_type="AK",
                style="RPC",
                req_body_type="formData",
                body_type="json",
            )
            request = open_api_util_models.OpenApiRequest(query=Utils.query(flatten(params)))
            response = client.call_api(api, request, RuntimeOptions())
            parsed = response["body"]
            request_id = parsed.get("RequestId")
            how = "call_api"
    except tea_exceptions.AlibabaCloudException as exc:
        return error_result(
            exc.code, exc.status_code, exc.request_id, exc.message, exc
        )
    except DaraException as exc:
        return error_result(
            getattr(exc, "code", None),
            getattr(exc, "status_code", None),
            getattr(exc, "request_id", None),
            getattr(exc, "message", str(exc)),
            exc,
        )
    return {"ok": True, "request_id": request_id, "parsed": parsed, "how": how}


# ------------------------------------------------------------------------------------------
# Tencent (tencentcloud-sdk-python-common / -vpc, TC3-HMAC-SHA256)


def tencent_profile(ctx):
    from tencentcloud.common.profile.client_profile import ClientProfile
    from tencentcloud.common.profile.http_profile import HttpProfile

    http = HttpProfile(
        protocol="http", endpoint="127.0.0.1:%d" % ctx["port"], reqMethod="POST"
    )
    return ClientProfile(
        signMethod="TC3-HMAC-SHA256", httpProfile=http, disable_region_breaker=True
    )


def run_tencent(ctx, case, params, secret, typed):
    from tencentcloud.common import credential
    from tencentcloud.common.common_client import CommonClient
    from tencentcloud.common.exception.tencent_cloud_sdk_exception import (
        TencentCloudSDKException,
    )
    product = case["product"]
    version, package = TENCENT_PRODUCTS[product]
    cred = credential.Credential(ctx["access_key"], secret)
    action = case["action"]
    try:
        if typed:
            models = importlib.import_module(package + ".models")
            module = importlib.import_module("%s.%s_client" % (package, product))
            client_class = getattr(module, product.capitalize() + "Client")
            client = client_class(cred, TENCENT_REGION, tencent_profile(ctx))
            request = getattr(models, action + "Request")()
            request.from_json_string(json.dumps(params))
            response = getattr(client, action)(request)
            parsed = json.loads(response.to_json_string())
            request_id = response.RequestId
        else:
            client = CommonClient(
                product, version, cred, TENCENT_REGION, tencent_profile(ctx)
            )
            parsed = client.call_json(action, params)
            request_id = parsed.get("Response", {}).get("RequestId")
    except TencentCloudSDKException as exc:
        return error_result(
            exc.get_code(), None, exc.get_request_id(), exc.get_message(), exc
        )
    return {"ok": True, "request_id": request_id, "parsed": parsed}


# ------------------------------------------------------------------------------------------
# Volcengine (volcenginesdk-core / -vpc, HMAC-SHA256)


def run_volcengine(ctx, case, params, secret):
    import ast

    import volcenginesdkcore
    from volcenginesdkcore.rest import ApiException

    configuration = volcenginesdkcore.Configuration()
    configuration.host = "127.0.0.1:%d" % ctx["port"]
    configuration.scheme = "http"
    configuration.region = VOLCENGINE_REGION
    configuration.ak = ctx["access_key"]
    configuration.sk = secret
    configuration.auto_retry = False
    package, api_class = VOLCENGINE_PRODUCTS[case["product"]]
    sdk = importlib.import_module(package)
    api = getattr(sdk, api_class)(volcenginesdkcore.ApiClient(configuration))
    action = case["action"]
    model = getattr(sdk, action + "Request")
    try:
        response = getattr(api, snake(action))(model(**params))
    except ApiException as exc:
        error, request_id = {}, None
        if exc.body:
            body = json.loads(exc.body)
            meta = body.get("ResponseMetadata", {})
            error, request_id = meta.get("Error", {}), meta.get("RequestId")
        else:
            # An error in an HTTP 200 answer: the SDK puts the Error object in `reason`.
            try:
                error = ast.literal_eval(exc.reason)
            except (ValueError, SyntaxError):
                error = {"Message": exc.reason}
        return error_result(
            error.get("Code"), exc.status, request_id, error.get("Message"), exc
        )
    meta = volcenginesdkcore.get_response_metadata(response)
    return {
        "ok": True,
        "request_id": meta.request_id if meta is not None else None,
        "parsed": response.to_dict(),
    }


# ------------------------------------------------------------------------------------------
# Endpoint resolution (no network)

ALIBABA_TEA_ENDPOINT_CLIENTS = {
    "vpc": "alibabacloud_vpc20160428",
    "ecs": "alibabacloud_ecs20140526",
    "slb": "alibabacloud_slb20140515",
    "ess": "alibabacloud_ess20220222",
}

ALIBABA_CLASSIC_ENDPOINT_DATA = {
    "vpc": "aliyunsdkvpc.endpoint",
    "ess": "aliyunsdkess.endpoint",
    "ecs": "aliyunsdkecs.endpoint",
    "slb": "aliyunsdkslb.endpoint",
}


def resolve_endpoints(regions_by_cloud):
    from alibabacloud_tea_openapi import utils_models as open_api_util_models
    from aliyunsdkcore.endpoint.endpoint_resolver_rules import EndpointResolverRules
    from aliyunsdkcore.endpoint.local_config_global_endpoint_resolver import (
        LocalConfigGlobalEndpointResolver,
    )
    from aliyunsdkcore.endpoint.local_config_regional_endpoint_resolver import (
        LocalConfigRegionalEndpointResolver,
    )
    from aliyunsdkcore.endpoint.resolver_endpoint_request import ResolveEndpointRequest
    import volcenginesdkcore
    from tencentcloud.common import credential
    from tencentcloud.common.common_client import CommonClient
    from tencentcloud.common.profile.client_profile import ClientProfile

    out = []
    # The classic chain minus the user-customised entries and the location service (network).
    classic_chain = [
        EndpointResolverRules(),
        LocalConfigRegionalEndpointResolver(),
        LocalConfigGlobalEndpointResolver(),
    ]
    for service, package in ALIBABA_TEA_ENDPOINT_CLIENTS.items():
        client_class = importlib.import_module(package + ".client").Client
        data = importlib.import_module(ALIBABA_CLASSIC_ENDPOINT_DATA[service]).endpoint_data
        for region in regions_by_cloud.get("alibaba", []):
            config = open_api_util_models.Config(
                access_key_id="ak", access_key_secret="sk", region_id=region
            )
            out.append({"cloud": "alibaba", "sdk": "tea", "service": service,
                        "region": region, "host": client_class(config)._endpoint})
            request = ResolveEndpointRequest(region, service, None, None)
            request.endpoint_map = data.getEndpointMap()
            request.endpoint_regional = data.getEndpointRegional()
            host = None
            for resolver in classic_chain:
                host = resolver.resolve(request)
                if host:
                    break
            out.append({"cloud": "alibaba", "sdk": "classic", "service": service,
                        "region": region, "host": host or None})
    cred = credential.Credential("ak", "sk")
    for service, version in (("vpc", "2017-03-12"), ("cvm", "2017-03-12")):
        for region in regions_by_cloud.get("tencent", []):
            client = CommonClient(service, version, cred, region, ClientProfile())
            out.append({"cloud": "tencent", "sdk": "tencentcloud", "service": service,
                        "region": region, "host": client._get_endpoint()})
    provider = volcenginesdkcore.Configuration().endpoint_provider
    for service in ("vpc", "ecs"):
        for region in regions_by_cloud.get("volcengine", []):
            out.append({"cloud": "volcengine", "sdk": "volcenginesdk", "service": service,
                        "region": region, "host": provider.endpoint_for(service, region).host})
    return out


RUNNERS = {
    "aliyun-classic": run_aliyun_classic,
    "alibaba-tea": run_alibaba_tea,
    "tencent-common": lambda ctx, c, p, s: run_tencent(ctx, c, p, s, typed=False),
    "tencent-typed": lambda ctx, c, p, s: run_tencent(ctx, c, p, s, typed=True),
    "volcengine": run_volcengine,
}


def main():
    document = json.load(sys.stdin)
    if "endpoints" in document:
        json.dump({"endpoints": resolve_endpoints(document["endpoints"])}, sys.stdout)
        return
    ctx = {
        "port": int(document["port"]),
        "access_key": document["access_key"],
    }
    saved = {}
    results = []
    for case in document["cases"]:
        secret = case.get("secret") or document["secret_key"]
        try:
            params = resolve(case.get("params", {}), saved)
            result = RUNNERS[case["sdk"]](ctx, case, params, secret)
        except Exception:  # noqa: BLE001 - reported to the Rust side as a crash
            result = {"crash": traceback.format_exc()}
        result["id"] = case["id"]
        if result.get("ok"):
            saved[case["id"]] = result.get("parsed")
        results.append(result)
    json.dump({"results": results}, sys.stdout, default=str)


if __name__ == "__main__":
    main()
