#!/usr/bin/env python3
"""The peer tools of the loading benchmark, against the same DynamoDB Local table.

  bench_peers.py seed ENDPOINT TABLE COUNT      create TABLE with COUNT items of ~200 bytes
  bench_peers.py boto3 ENDPOINT TABLE SEGMENTS  boto3 paginated scan (threads per segment)
  bench_peers.py raw ENDPOINT TABLE SEGMENTS    raw HTTP: same pages, items never parsed
  bench_peers.py boto3-export ENDPOINT TABLE FILE  boto3 scan written to FILE as JSON Lines

Each measurement prints one JSON line.
"""
import http.client
import json
import os
import re
import resource
import sys
import threading
import time
import urllib.parse
from decimal import Decimal

import boto3

REGION = "us-east-1"
COUNT = re.compile(rb'"Count"\s*:\s*(\d+)')


def client(endpoint):
    return boto3.client("dynamodb", endpoint_url=endpoint, region_name=REGION,
                        aws_access_key_id="bench", aws_secret_access_key="bench")


def seed(endpoint, table, count):
    ddb = client(endpoint)
    ddb.create_table(TableName=table, BillingMode="PAY_PER_REQUEST",
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                     KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}])
    resource = boto3.resource("dynamodb", endpoint_url=endpoint, region_name=REGION,
                              aws_access_key_id="bench", aws_secret_access_key="bench")
    with resource.Table(table).batch_writer() as batch:
        for i in range(count):
            batch.put_item(Item={
                "pk": f"ORDER#{i:08d}",
                "customer": f"CUST#{i % 9000:05d}",
                "total": Decimal(f"{i % 10000}.{i % 100:02d}"),
                "status": "SHIPPED",
                "created": Decimal(1_700_000_000 + i),
                "gift": i % 2 == 0,
                "note": "leave at the door",
            })
    print(json.dumps({"seeded": count}))


def run_segments(segments, scan_segment):
    counts = [0] * segments
    threads = [threading.Thread(target=lambda s=s: counts.__setitem__(s, scan_segment(s)))
               for s in range(segments)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts), time.perf_counter() - started


def boto3_scan(endpoint, table, segments):
    def scan_segment(segment):
        ddb = client(endpoint)  # one client (and connection pool) per thread
        paginator = ddb.get_paginator("scan")
        kwargs = {"TableName": table}
        if segments > 1:
            kwargs.update(Segment=segment, TotalSegments=segments)
        return sum(len(page["Items"]) for page in paginator.paginate(**kwargs))
    return run_segments(segments, scan_segment)


def raw_scan(endpoint, table, segments):
    url = urllib.parse.urlparse(endpoint)

    def scan_segment(segment):
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
        body = {"TableName": table}
        if segments > 1:
            body.update(Segment=segment, TotalSegments=segments)
        count = 0
        while True:
            connection.request("POST", "/", json.dumps(body), {
                "Content-Type": "application/x-amz-json-1.0",
                "X-Amz-Target": "DynamoDB_20120810.Scan",
                # DynamoDB Local wants the header, not a valid signature.
                "Authorization": "AWS4-HMAC-SHA256 Credential=bench/20240101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0",
            })
            data = connection.getresponse().read()
            # Read only the count and the continuation key: the items are never parsed.
            # (Inside items a colon is followed by "{", so digits after it are the count.)
            count += int(COUNT.findall(data)[-1])
            at = data.rfind(b'"LastEvaluatedKey"')
            if at < 0:
                return count
            key, _ = json.JSONDecoder().raw_decode(data[at + len(b'"LastEvaluatedKey":'):].decode())
            body["ExclusiveStartKey"] = key
    return run_segments(segments, scan_segment)


def boto3_export(endpoint, table, path):
    """What a user's script does: paginate the low-level client, one DynamoDB JSON per line."""
    ddb = client(endpoint)
    started = time.perf_counter()
    items = 0
    with open(path, "w", encoding="utf-8") as out:
        for page in ddb.get_paginator("scan").paginate(TableName=table):
            for item in page["Items"]:
                out.write(json.dumps(item, ensure_ascii=False))
                out.write("\n")
                items += 1
    seconds = time.perf_counter() - started
    print(json.dumps({"tool": "boto3", "kind": "export", "items": items, "seconds": round(seconds, 3),
                      "items_per_second": round(items / seconds),
                      "file_bytes": os.path.getsize(path)}))


def cpu_seconds():
    """User plus system CPU time of this process (all threads), as the Stratus loader reports."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main():
    if sys.argv[1] == "boto3-export":
        return boto3_export(sys.argv[2], sys.argv[3], sys.argv[4])
    command, endpoint, table, number = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    if command == "seed":
        return seed(endpoint, table, number)
    scan = {"boto3": boto3_scan, "raw": raw_scan}[command]
    cpu_before = cpu_seconds()
    items, seconds = scan(endpoint, table, number)
    cpu = cpu_seconds() - cpu_before
    print(json.dumps({"tool": command, "segments": number, "items": items,
                      "seconds": round(seconds, 3), "items_per_second": round(items / seconds),
                      "cpu_seconds": round(cpu, 3)}))


if __name__ == "__main__":
    main()
