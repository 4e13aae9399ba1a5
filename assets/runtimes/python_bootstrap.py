"""Stratus's Python runtime shim: speaks the Lambda Runtime API with the standard library only.

It imports the handler named by _HANDLER (`module.function`, `dir/module.function`), then loops:
take the next event, call the handler with Lambda's context, post the result or the error
shaped as the managed Python runtime shapes it.
"""

import decimal
import http.client
import importlib
import json
import logging
import os
import sys
import time
import traceback

API_PREFIX = "/2018-06-01/runtime"
_host, _, _port = os.environ.get("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9001").rpartition(":")
_connection = None


def _request(method, path, body=None, headers=None):
    """One call of the Runtime API on a kept-alive connection (reconnecting once)."""
    global _connection
    for attempt in (0, 1):
        if _connection is None:
            _connection = http.client.HTTPConnection(_host, int(_port))
        try:
            _connection.request(method, API_PREFIX + path, body=body, headers=headers or {})
            response = _connection.getresponse()
            return response.status, response, response.read()
        except (http.client.HTTPException, OSError):
            _connection.close()
            _connection = None
            if attempt:
                raise
    raise RuntimeError("unreachable")


def _error_body(error, error_type=None, request_id=None, skip=0):
    frames = traceback.extract_tb(getattr(error, "__traceback__", None))[skip:]
    body = {
        "errorMessage": str(error),
        "errorType": error_type or type(error).__name__,
        "stackTrace": traceback.format_list(frames),
    }
    if request_id is not None:
        body["requestId"] = request_id
    return body


def _log_error(body):
    """Writes an error into the log as Lambda's Python runtime does: the type and message,
    then the traceback's lines (the heading even when there are none, as for an import error)."""
    lines = [f"[ERROR] {body['errorType']}: {body['errorMessage']}", "Traceback (most recent call last):"]
    for element in body.get("stackTrace") or []:
        lines.extend(element.splitlines() or [""])
    sys.stdout.write("\n".join(lines) + "\n")
    sys.stdout.flush()


def _post_error(path, body):
    data = json.dumps(body).encode()
    _request(
        "POST",
        path,
        data,
        {"Lambda-Runtime-Function-Error-Type": body["errorType"], "Content-Type": "application/json"},
    )


def _init_failed(message, error_type, error=None, stack_trace=None):
    body = _error_body(error, error_type) if error is not None else {
        "errorMessage": message,
        "errorType": error_type,
        "stackTrace": stack_trace or [],
    }
    body["errorMessage"] = message
    body["requestId"] = ""
    _log_error(body)
    _post_error("/init/error", body)
    sys.exit(1)


class _CognitoIdentity:
    """`context.identity`, as Lambda's Python runtime gives it (fields None without one)."""

    def __init__(self, value):
        value = value if isinstance(value, dict) else {}
        self.cognito_identity_id = value.get("cognitoIdentityId")
        self.cognito_identity_pool_id = value.get("cognitoIdentityPoolId")


class _ClientContext:
    """`context.client_context`: what a mobile SDK caller sent."""

    def __init__(self, value):
        value = value if isinstance(value, dict) else {}
        self.client = value.get("client")
        self.custom = value.get("custom")
        self.env = value.get("env")


class _Context:
    """What Lambda's Python runtime hands a handler as its context."""

    def __init__(self, request_id, deadline_ms, arn, identity, client_context):
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.invoked_function_arn = arn
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.aws_request_id = request_id
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.identity = _CognitoIdentity(identity)
        self.client_context = _ClientContext(client_context) if client_context is not None else None
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        return max(int(self._deadline_ms - time.time() * 1000), 0)


class _RequestIdFilter(logging.Filter):
    request_id = None

    def filter(self, record):
        record.aws_request_id = _RequestIdFilter.request_id
        return True


def _set_up_logging():
    handler = logging.StreamHandler(sys.stdout)
    formatter = logging.Formatter(
        "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n",
        "%Y-%m-%dT%H:%M:%S",
    )
    formatter.converter = time.gmtime
    handler.setFormatter(formatter)
    handler.addFilter(_RequestIdFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.WARNING)


def _load_handler():
    spec = os.environ.get("_HANDLER", "")
    module_name, _, function_name = spec.rpartition(".")
    if not module_name or not function_name:
        _init_failed(f"Bad handler '{spec}': not enough values to unpack (expected 2, got 1)",
                     "Runtime.MalformedHandlerName")
    module_name = module_name.replace("/", ".")
    try:
        module = importlib.import_module(module_name)
    except SyntaxError as error:
        # As Lambda's runtime: the one frame that matters, where the syntax is wrong.
        where = f' File "{error.filename}" Line {error.lineno}\n    {(error.text or "").strip()}\n'
        _init_failed(f"Syntax error in module '{module_name}': {error}", "Runtime.UserCodeSyntaxError",
                     stack_trace=[where])
    except ImportError as error:
        # Lambda gives no stack for an import error: the message says what is missing.
        _init_failed(f"Unable to import module '{module_name}': {error}", "Runtime.ImportModuleError")
    except Exception as error:  # an exception raised by the module's own top-level code
        _init_failed(f"{error}", type(error).__name__, error)
    handler = getattr(module, function_name, None)
    if handler is None:
        _init_failed(f"Handler '{function_name}' missing on module '{module_name}'", "Runtime.HandlerNotFound")
    return handler


def _json_default(value):
    """As Lambda's Python runtime: a Decimal (what boto3 reads from DynamoDB) is a JSON number."""
    if isinstance(value, decimal.Decimal):
        if not value.is_finite():
            return float(value)
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _json_header(headers, name):
    value = headers.get(name)
    if not value:
        return None
    try:
        return json.loads(value)
    except ValueError:
        return None


def main():
    task_root = os.environ.get("LAMBDA_TASK_ROOT", os.getcwd())
    if task_root not in sys.path:
        sys.path.insert(0, task_root)
    _set_up_logging()
    handler = _load_handler()
    while True:
        status, response, body = _request("GET", "/invocation/next")
        if status != 200:
            time.sleep(0.01)
            continue
        headers = response.headers
        request_id = headers.get("Lambda-Runtime-Aws-Request-Id", "")
        _RequestIdFilter.request_id = request_id
        trace_id = headers.get("Lambda-Runtime-Trace-Id")
        if trace_id:
            os.environ["_X_AMZN_TRACE_ID"] = trace_id
        try:
            deadline_ms = int(headers.get("Lambda-Runtime-Deadline-Ms", "0"))
        except ValueError:
            deadline_ms = 0
        context = _Context(
            request_id,
            deadline_ms,
            headers.get("Lambda-Runtime-Invoked-Function-Arn"),
            _json_header(headers, "Lambda-Runtime-Cognito-Identity"),
            _json_header(headers, "Lambda-Runtime-Client-Context"),
        )
        base = f"/invocation/{request_id}"
        try:
            event = json.loads(body) if body else None
            result = handler(event, context)
        except Exception as error:
            # The first frame is this shim's call of the handler; Lambda shows the user's frames.
            trace = _error_body(error, request_id=request_id, skip=1)
            _log_error(trace)
            _post_error(base + "/error", trace)
            continue
        try:
            # Bytes are the response as they are, as Lambda's runtime sends them.
            data = result if isinstance(result, bytes) else json.dumps(result, default=_json_default).encode()
        except (TypeError, ValueError, OverflowError) as error:
            _post_error(base + "/error", _error_body(
                f"Unable to marshal response: {error}", "Runtime.MarshalError", request_id))
            continue
        _request("POST", base + "/response", data, {"Content-Type": "application/json"})


if __name__ == "__main__":
    main()
