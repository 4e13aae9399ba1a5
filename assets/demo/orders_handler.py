"""Handlers of the demo Lambda functions. On real AWS these run; moto echoes the payload."""
import json
import os


def get_order(event, context):
    order_id = (event.get("pathParameters") or {}).get("id")
    return {"statusCode": 200, "body": json.dumps({"orderId": order_id, "table": os.environ["TABLE_NAME"]})}


def create_order(event, context):
    return {"statusCode": 201, "body": event.get("body") or "{}"}


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
