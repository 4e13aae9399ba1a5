"""Handlers of the demo's Lambda functions: real code, standard library plus boto3.

Stratus runs them locally (scripts/demo attaches this folder with --code); moto, which cannot
run code, only echoes payloads. boto3 reaches the same emulator as Stratus through the
AWS_ENDPOINT_URL and credentials the local run gives the process: no endpoint is written here.
"""
import base64
import json
import os
import time
from decimal import Decimal, DecimalException
from urllib.parse import quote

import boto3
from botocore.exceptions import ClientError

# The index that finds an order's full key (customerId, orderId) from its id alone.
ORDER_ID_INDEX = "byOrderId"
_table = None


def table():
    """The Orders table, created once per instance: warm invocations reuse the client."""
    global _table
    if _table is None:
        _table = boto3.resource("dynamodb").Table(os.environ.get("TABLE_NAME", "Orders"))
    return _table


def to_json(value):
    """JSON text in which DynamoDB numbers keep their exact digits (38 significant digits fit
    no float); sets become lists and binary becomes base64, as the AWS console shows them."""
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"not a DynamoDB number: {value}")
        return str(value)
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(str(k), ensure_ascii=False)}: {to_json(v)}"
                               for k, v in value.items()) + "}"
    if isinstance(value, (set, frozenset)):
        try:
            return to_json(sorted(value))
        except TypeError:  # binary sets: any stable order
            return to_json(sorted(value, key=repr))
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(to_json(v) for v in value) + "]"
    if isinstance(value, (bytes, bytearray)):
        return json.dumps(base64.b64encode(bytes(value)).decode("ascii"))
    if hasattr(value, "value") and isinstance(value.value, (bytes, bytearray)):  # boto3 Binary
        return to_json(bytes(value.value))
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def respond(status, body, headers=None):
    """An API Gateway proxy response (payload format 1.0 and 2.0 read it alike)."""
    return {"statusCode": status,
            "headers": {"Content-Type": "application/json", **(headers or {})},
            "body": to_json(body)}


def order_id_of(event):
    """The id from the route's path (`GET /orders/{id}`) or, invoked directly, `{"id": ...}`."""
    params = event.get("pathParameters") if isinstance(event, dict) else None
    if isinstance(params, dict) and params.get("id"):
        return str(params["id"])
    if isinstance(event, dict) and event.get("id") is not None:
        return str(event["id"])
    return None


def candidates(order_id):
    """`ORDER#000042` as stored; a bare number (`/orders/42`, no `#` to escape in a URL)
    also finds it."""
    found = [order_id]
    if order_id.isdigit():
        found.append(f"ORDER#{int(order_id):06d}")
    return found


def get_order(event, context):
    order_id = order_id_of(event)
    if not order_id:
        return respond(400, {"message": "no order id: call GET /orders/{id}"})
    for candidate in candidates(order_id):
        keys = table().query(IndexName=ORDER_ID_INDEX,
                             KeyConditionExpression="orderId = :id",
                             ExpressionAttributeValues={":id": candidate})["Items"]
        if keys:
            key = {"customerId": keys[0]["customerId"], "orderId": keys[0]["orderId"]}
            item = table().get_item(Key=key, ConsistentRead=True).get("Item")
            if item is not None:
                return respond(200, item)
    return respond(404, {"message": f"order {order_id} not found"})


def _reject_constant(name):
    raise ValueError(f"{name} is not a number DynamoDB stores")


def parse_order(event):
    """The order in the request body (API Gateway, maybe base64) or the event itself when
    invoked directly. Numbers are read as Decimal so every digit is kept. Raises ValueError."""
    if isinstance(event, dict) and ("body" in event or "requestContext" in event):
        body = event.get("body") or ""
        if event.get("isBase64Encoded"):
            body = base64.b64decode(body).decode("utf-8")
        order = json.loads(body, parse_float=Decimal, parse_int=Decimal,
                           parse_constant=_reject_constant)
    else:
        order = event
    if not isinstance(order, dict):
        raise ValueError("the body must be a JSON object (an order)")
    for key in ("customerId", "orderId"):
        if not isinstance(order.get(key), str) or not order[key]:
            raise ValueError(f"{key} must be a non-empty string")
    order.setdefault("status", "PENDING")
    order.setdefault("createdAt", Decimal(int(time.time())))
    # Key attributes of the table's indexes must have the index's types.
    if not isinstance(order["status"], str) or not isinstance(order["createdAt"], Decimal):
        raise ValueError("status must be a string and createdAt a number")
    return order


def create_order(event, context):
    try:
        order = parse_order(event)
    except DecimalException:
        return respond(400, {"message": "bad order: a number has more than 38 digits"})
    except (ValueError, UnicodeDecodeError) as error:
        return respond(400, {"message": f"bad order: {error}"})
    try:
        table().put_item(Item=order,
                         ConditionExpression="attribute_not_exists(customerId)")
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code")
        if code == "ConditionalCheckFailedException":
            return respond(409, {"message": f"order {order['orderId']} already exists"})
        if code == "ValidationException":
            return respond(400, {"message": error.response["Error"].get("Message", code)})
        raise
    except DecimalException:  # boto3 refusing a number DynamoDB cannot hold
        return respond(400, {"message": "bad order: a number has more than 38 digits"})
    except TypeError as error:
        return respond(400, {"message": f"bad order: {error}"})
    return respond(201, order, {"Location": "/orders/" + quote(order["orderId"], safe="")})


def fallback(event, context):
    path = event.get("rawPath") or event.get("path")
    return {"statusCode": 404, "body": json.dumps({"message": "no route", "path": path})}


def on_message(event, context):
    return {"statusCode": 200}


def authorize(event, context):
    """A REST API TOKEN authorizer: any bearer token is allowed to call the method."""
    token = event.get("authorizationToken") or ""
    effect = "Allow" if token.startswith("Bearer ") else "Deny"
    return {"principalId": "demo-user", "policyDocument": {"Version": "2012-10-17", "Statement": [
        {"Action": "execute-api:Invoke", "Effect": effect, "Resource": event.get("methodArn")}]}}
