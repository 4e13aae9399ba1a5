"""Handlers of the demo Lambda functions. On real AWS these run; moto echoes the payload."""
import json
import os


def get_order(event, context):
    order_id = (event.get("pathParameters") or {}).get("id")
    return {"statusCode": 200, "body": json.dumps({"orderId": order_id, "table": os.environ["TABLE_NAME"]})}


def create_order(event, context):
    return {"statusCode": 201, "body": event.get("body") or "{}"}


def fallback(event, context):
    return {"statusCode": 404, "body": json.dumps({"message": "no route", "path": event.get("rawPath")})}


def on_message(event, context):
    return {"statusCode": 200}
