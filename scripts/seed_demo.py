#!/usr/bin/env python3
"""Seeds a moto server with Stratus's demo data: DynamoDB tables, Lambda functions, HTTP and
WebSocket APIs, and a REST API. Usage: seed_demo.py http://127.0.0.1:PORT [--orders N]

Deterministic (seeded random), so tests can rely on what it writes.
"""
import argparse
import io
import json
import random
import sys
import time
import urllib.request
import zipfile
from decimal import Decimal
from pathlib import Path

import boto3

REGION = "us-east-1"
ACCOUNT = "123456789012"
# The demo functions' real code: deployed as a zip (moto only echoes), run by Stratus locally.
FUNCTIONS_DIR = Path(__file__).resolve().parent.parent / "assets" / "demo" / "functions"
HANDLER_SOURCE = FUNCTIONS_DIR / "orders_handler.py"

NAMES = ["Zoë Ångström", "山田太郎", "Ελένη Παπαδοπούλου", "José Núñez", "Ana 🚀 Silva",
         "Ølaf Øster", "Дмитрий Иванов", "محمد علي", "Priya Sharma", "plain ascii"]
STATUSES = ["PENDING", "PAID", "SHIPPED", "DELIVERED", "CANCELLED"]


def client(service, endpoint):
    return boto3.client(service, endpoint_url=endpoint, region_name=REGION,
                        aws_access_key_id="test", aws_secret_access_key="test")


def moto_lambda_without_docker(endpoint):
    """moto runs no Lambda code without Docker; its simple mode echoes payloads instead."""
    request = urllib.request.Request(
        endpoint + "/moto-api/config", method="POST",
        data=json.dumps({"lambda": {"use_docker": False}}).encode(),
        headers={"Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=10).read()


def create_orders_table(ddb):
    ddb.create_table(
        TableName="Orders",
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[
            {"AttributeName": "customerId", "AttributeType": "S"},
            {"AttributeName": "orderId", "AttributeType": "S"},
            {"AttributeName": "status", "AttributeType": "S"},
            {"AttributeName": "createdAt", "AttributeType": "N"},
            {"AttributeName": "total", "AttributeType": "N"},
        ],
        KeySchema=[{"AttributeName": "customerId", "KeyType": "HASH"},
                   {"AttributeName": "orderId", "KeyType": "RANGE"}],
        GlobalSecondaryIndexes=[{
            "IndexName": "byStatus",
            "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"},
                          {"AttributeName": "createdAt", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["total", "customerName"]},
        }, {
            # orders-get finds an order's customer from its id alone (GET /orders/{id}).
            "IndexName": "byOrderId",
            "KeySchema": [{"AttributeName": "orderId", "KeyType": "HASH"}],
            "Projection": {"ProjectionType": "KEYS_ONLY"},
        }],
        LocalSecondaryIndexes=[{
            "IndexName": "byTotal",
            "KeySchema": [{"AttributeName": "customerId", "KeyType": "HASH"},
                          {"AttributeName": "total", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "ALL"},
        }],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
        Tags=[{"Key": "app", "Value": "stratus-demo"}],
    )
    ddb.update_time_to_live(TableName="Orders",
                            TimeToLiveSpecification={"Enabled": True, "AttributeName": "expiresAt"})


def order_item(rng, customer, number):
    created = 1_700_000_000 + number * 3_600 + rng.randrange(3_600)
    item = {
        "customerId": f"CUST#{customer:04d}",
        "orderId": f"ORDER#{number:06d}",
        "status": rng.choice(STATUSES),
        "createdAt": Decimal(created),
        "expiresAt": Decimal(created + 90 * 86_400),
        "total": Decimal(f"{rng.randrange(100, 100_000)}.{rng.randrange(100):02d}"),
        # 38 significant digits: what plain-JSON tools round.
        "ledgerAmount": Decimal("1234567890123456789012345678901234567" + str(number % 10)),
        "customerName": NAMES[customer % len(NAMES)],
        "lines": [
            {"sku": f"SKU-{rng.randrange(1000):03d}", "qty": Decimal(rng.randrange(1, 5)),
             "price": Decimal(f"{rng.randrange(1, 500)}.99"),
             "options": {"giftWrap": rng.random() < 0.2, "engraving": None}}
            for _ in range(rng.randrange(1, 4))
        ],
        "shipping": {"address": {"street": f"{number} Rue de l'Église", "city": "Zürich",
                                 "zip": f"{8000 + number % 100}"},
                     "method": rng.choice(["standard", "express"]), "tracking": []},
        "tags": {"web", rng.choice(["promo", "repeat", "first-order"])},
        "quantities": {Decimal(rng.randrange(1, 9)), Decimal("0.5"), Decimal("12345678901234567890")},
        "checksums": {bytes([number % 256, 0xFF, 0x00]), b"\x80\x81\xfe"},
        # Not valid UTF-8: binary must stay bytes.
        "receipt": bytes([0xDE, 0xAD, 0xBE, 0xEF, number % 256, 0xC3, 0x28]),
        "gift": rng.random() < 0.3,
        "note": "" if number % 7 == 0 else "Leave at the door ☂",
        "coupon": None,
        "dotted.attribute": "dots in a name",
        "attribute with spaces": Decimal(number),
    }
    if number % 5 == 0:
        del item["coupon"]
    return item


def seed_orders(ddb_resource, orders):
    rng = random.Random(20261121)
    table = ddb_resource.Table("Orders")
    with table.batch_writer() as batch:
        for number in range(orders):
            batch.put_item(Item=order_item(rng, number % 120, number))


def seed_audit_log(ddb, ddb_resource):
    ddb.create_table(
        TableName="AuditLog",
        BillingMode="PROVISIONED",
        ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
        AttributeDefinitions=[{"AttributeName": "eventId", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "eventId", "KeyType": "HASH"}],
    )
    rng = random.Random(7)
    table = ddb_resource.Table("AuditLog")
    optional = {
        "actor": lambda i: f"user-{i % 17}",
        "ip": lambda i: f"10.0.{i % 255}.{(i * 7) % 255}",
        "diff": lambda i: {"before": {"status": "PENDING"}, "after": {"status": "PAID"}},
        "severity": lambda i: Decimal(i % 5),
        "payload": lambda i: bytes(range(i % 16)),
        "labels": lambda i: {f"l{i % 3}", "audit"},
        "retried": lambda i: True,
    }
    with table.batch_writer() as batch:
        for i in range(300):
            item = {"eventId": f"evt-{i:05d}", "kind": rng.choice(["login", "update", "delete"])}
            for name, make in optional.items():
                if rng.random() < 0.3:
                    item[name] = make(i)
            batch.put_item(Item=item)


def lambda_zip():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("orders_handler.py", HANDLER_SOURCE.read_text(encoding="utf-8"))
    return buffer.getvalue()


def seed_lambda(endpoint):
    iam = client("iam", endpoint)
    role = iam.create_role(
        RoleName="stratus-demo-lambda",
        AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
            "Action": "sts:AssumeRole"}]}),
    )["Role"]["Arn"]
    lam = client("lambda", endpoint)
    code = lambda_zip()
    functions = {
        "orders-get": ("orders_handler.get_order", "Returns one order by id"),
        "orders-create": ("orders_handler.create_order", "Creates an order"),
        "orders-fallback": ("orders_handler.fallback", "Answers unmatched routes"),
        "orders-live-message": ("orders_handler.on_message", "WebSocket message handler"),
        "orders-authorizer": ("orders_handler.authorize", "REST API token authorizer"),
    }
    arns = {}
    for name, (handler, description) in functions.items():
        arns[name] = lam.create_function(
            FunctionName=name, Runtime="python3.12", Role=role, Handler=handler,
            Code={"ZipFile": code}, Description=description, MemorySize=256, Timeout=10,
            Environment={"Variables": {"TABLE_NAME": "Orders", "LOG_LEVEL": "INFO",
                                       "API_KEY": "demo-secret-not-real"}},
            Tags={"app": "stratus-demo"},
        )["FunctionArn"]
    version = lam.publish_version(FunctionName="orders-get", Description="first release")["Version"]
    lam.create_alias(FunctionName="orders-get", Name="live", FunctionVersion=version,
                     Description="what the API calls")
    return arns


def seed_http_api(endpoint, arns):
    api_client = client("apigatewayv2", endpoint)
    api = api_client.create_api(
        Name="orders-api", ProtocolType="HTTP", Description="Orders HTTP API",
        CorsConfiguration={"AllowOrigins": ["https://app.example.com"],
                           "AllowMethods": ["GET", "POST"], "AllowHeaders": ["authorization"],
                           "MaxAge": 300},
        Tags={"app": "stratus-demo"},
    )
    api_id = api["ApiId"]

    def integration(function):
        return api_client.create_integration(
            ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=arns[function],
            PayloadFormatVersion="2.0", TimeoutInMillis=10_000)["IntegrationId"]

    authorizer = api_client.create_authorizer(
        ApiId=api_id, AuthorizerType="JWT", Name="cognito-jwt",
        IdentitySource=["$request.header.Authorization"],
        JwtConfiguration={"Issuer": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_demo",
                          "Audience": ["stratus-demo-client"]},
    )["AuthorizerId"]
    api_client.create_route(ApiId=api_id, RouteKey="GET /orders/{id}",
                            Target=f"integrations/{integration('orders-get')}")
    api_client.create_route(ApiId=api_id, RouteKey="POST /orders", AuthorizationType="JWT",
                            AuthorizerId=authorizer,
                            Target=f"integrations/{integration('orders-create')}")
    api_client.create_route(ApiId=api_id, RouteKey="$default",
                            Target=f"integrations/{integration('orders-fallback')}")
    api_client.create_stage(ApiId=api_id, StageName="prod", AutoDeploy=True,
                            DefaultRouteSettings={"ThrottlingBurstLimit": 100,
                                                  "ThrottlingRateLimit": 50.0})


def seed_websocket_api(endpoint, arns):
    api_client = client("apigatewayv2", endpoint)
    api_id = api_client.create_api(
        Name="orders-live", ProtocolType="WEBSOCKET",
        RouteSelectionExpression="$request.body.action",
        Description="Live order updates")["ApiId"]
    target = api_client.create_integration(
        ApiId=api_id, IntegrationType="AWS_PROXY",
        IntegrationUri=arns["orders-live-message"])["IntegrationId"]
    for key in ["$connect", "$disconnect", "$default", "sendMessage"]:
        api_client.create_route(ApiId=api_id, RouteKey=key, Target=f"integrations/{target}")
    api_client.create_stage(ApiId=api_id, StageName="live")


def seed_rest_api(endpoint, arns):
    """A REST API (v1): a Lambda proxy on a path parameter behind a TOKEN authorizer, a greedy
    ANY, an API-key POST, a MOCK, and a stage with variables and throttling."""
    rest = client("apigateway", endpoint)
    api_id = rest.create_rest_api(
        name="orders-rest", description="Orders REST API (v1)",
        endpointConfiguration={"types": ["REGIONAL"]}, binaryMediaTypes=["image/png"],
        apiKeySource="HEADER", tags={"app": "stratus-demo"})["id"]
    root = next(r["id"] for r in rest.get_resources(restApiId=api_id)["items"] if r["path"] == "/")

    def uri(function, qualifier=None):
        arn = arns[function] + (f":{qualifier}" if qualifier else "")
        return f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{arn}/invocations"

    def resource(parent, part):
        return rest.create_resource(restApiId=api_id, parentId=parent, pathPart=part)["id"]

    def method(resource_id, http_method, function=None, qualifier=None, **options):
        rest.put_method(restApiId=api_id, resourceId=resource_id, httpMethod=http_method,
                        authorizationType=options.pop("authorizationType", "NONE"), **options)
        if function is None:
            rest.put_integration(restApiId=api_id, resourceId=resource_id,
                                 httpMethod=http_method, type="MOCK",
                                 requestTemplates={"application/json": '{"statusCode": 200}'})
        else:
            rest.put_integration(restApiId=api_id, resourceId=resource_id,
                                 httpMethod=http_method, type="AWS_PROXY",
                                 integrationHttpMethod="POST", uri=uri(function, qualifier),
                                 timeoutInMillis=10_000)

    authorizer = rest.create_authorizer(
        restApiId=api_id, name="token-authorizer", type="TOKEN",
        authorizerUri=uri("orders-authorizer"),
        identitySource="method.request.header.Authorization",
        identityValidationExpression="^Bearer .+$", authorizerResultTtlInSeconds=300)["id"]
    validator = rest.create_request_validator(
        restApiId=api_id, name="parameters-only", validateRequestBody=False,
        validateRequestParameters=True)["id"]
    orders = resource(root, "orders")
    order = resource(orders, "{id}")
    files = resource(root, "files")
    proxy = resource(files, "{proxy+}")
    method(order, "GET", "orders-get", "live", authorizationType="CUSTOM",
           authorizerId=authorizer, requestValidatorId=validator,
           requestParameters={"method.request.path.id": True,
                              "method.request.querystring.expand": False})
    method(orders, "POST", "orders-create", apiKeyRequired=True)
    method(orders, "GET")
    method(proxy, "ANY", "orders-fallback",
           requestParameters={"method.request.path.proxy": True})
    rest.create_deployment(restApiId=api_id, stageName="dev", stageDescription="Development",
                           description="first deployment",
                           variables={"table": "Orders", "alias": "live"})
    rest.update_stage(restApiId=api_id, stageName="dev", patchOperations=[
        {"op": "replace", "path": "/*/*/throttling/burstLimit", "value": "50"},
        {"op": "replace", "path": "/*/*/throttling/rateLimit", "value": "25"},
        {"op": "replace", "path": "/tracingEnabled", "value": "true"}])


def seed_logs(endpoint):
    """Three invocations of orders-get in its log group, as Lambda writes them: START, a JSON
    line (structured logging), END and REPORT (one cold, with Init Duration), and one that
    raised. Only for scripts/demo: the tests write their own log events."""
    logs = client("logs", endpoint)
    group = "/aws/lambda/orders-get"
    stream = "2026/11/30/[$LATEST]0f5d3c2a9b8e4d71a6c3e2f1b0a9d8c7"
    logs.create_log_group(logGroupName=group)
    logs.create_log_stream(logGroupName=group, logStreamName=stream)
    now = int(time.time() * 1000) - 10 * 60 * 1000
    events = []
    for n, (order, init, failed) in enumerate([("A-0001", 212.4, False), ("A-0002", None, False),
                                                ("A-0404", None, True)]):
        rid = f"7d1c{n:04d}-5b2e-4c1f-9a8d-3e6f0b1c2d{n:02d}"
        at = now + n * 60_000
        lines = [f"START RequestId: {rid} Version: $LATEST"]
        lines.append(json.dumps({"level": "INFO", "message": "get order", "orderId": order,
                                 "requestId": rid}))
        if failed:
            lines.append(f"[ERROR] KeyError: '{order}'\nTraceback (most recent call last):\n"
                         f"  File \"/var/task/orders_handler.py\", line 21, in get\n")
        lines.append(f"END RequestId: {rid}")
        report = (f"REPORT RequestId: {rid}\tDuration: {12.5 + n:.2f} ms\tBilled Duration: "
                  f"{13 + n} ms\tMemory Size: 256 MB\tMax Memory Used: {71 + n} MB")
        if init is not None:
            report += f"\tInit Duration: {init:.2f} ms"
        lines.append(report)
        events += [{"timestamp": at + i * 5, "message": line} for i, line in enumerate(lines)]
    logs.put_log_events(logGroupName=group, logStreamName=stream, logEvents=events)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("endpoint")
    parser.add_argument("--orders", type=int, default=2400)
    parser.add_argument("--logs", action="store_true", help="also write log events")
    args = parser.parse_args()
    endpoint = args.endpoint.rstrip("/")
    moto_lambda_without_docker(endpoint)
    ddb = client("dynamodb", endpoint)
    ddb_resource = boto3.resource("dynamodb", endpoint_url=endpoint, region_name=REGION,
                                  aws_access_key_id="test", aws_secret_access_key="test")
    create_orders_table(ddb)
    seed_orders(ddb_resource, args.orders)
    seed_audit_log(ddb, ddb_resource)
    arns = seed_lambda(endpoint)
    seed_http_api(endpoint, arns)
    seed_websocket_api(endpoint, arns)
    seed_rest_api(endpoint, arns)
    if args.logs:
        seed_logs(endpoint)
    print(f"seeded {endpoint}: 2 tables ({args.orders} orders), {len(arns)} functions, 3 APIs",
          file=sys.stderr)


if __name__ == "__main__":
    main()
