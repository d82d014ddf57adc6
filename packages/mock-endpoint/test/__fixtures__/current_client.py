"""Streams a list of requests with boto3 (stdin: JSON {"cases": [...]}) and reports, per case, the
concatenated PayloadPart bytes (base64), the part count, the output members and how Python's own
json module re-serialises each record: "c" compact (pydantic/msgspec style), "s" json.dumps with
its default ", " and ": " separators. Finds the mock through AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME."""
import base64
import json
import sys

import boto3
import botocore.exceptions


def styles(content_type, data):
    text = data.decode("utf-8")
    if content_type and content_type.startswith("text/event-stream"):
        payloads = [event[len("data: "):] for event in text.split("\n\n") if event]
    else:
        payloads = [line for line in text.split("\n") if line]
    out = []
    for payload in payloads:
        if payload == "[DONE]":
            continue
        value = json.loads(payload)
        if payload == json.dumps(value, ensure_ascii=False, separators=(",", ":")):
            out.append("c")
        elif payload == json.dumps(value, ensure_ascii=False):
            out.append("s")
        else:
            out.append("?" + payload)
    return out


def main():
    spec = json.load(sys.stdin)
    client = boto3.client("sagemaker-runtime", region_name="us-east-1")
    results = []
    for case in spec["cases"]:
        kwargs = {"EndpointName": case["endpoint"], "Body": case["body"].encode("utf-8"), "ContentType": "application/json"}
        for key in ("CustomAttributes", "InferenceComponentName", "TargetVariant", "SessionId"):
            if case.get(key):
                kwargs[key] = case[key]
        result = {}
        try:
            response = client.invoke_endpoint_with_response_stream(**kwargs)
            result["content_type"] = response.get("ContentType")
            result["variant"] = response.get("InvokedProductionVariant")
            parts = []
            try:
                for event in response["Body"]:
                    if "PayloadPart" in event:
                        parts.append(event["PayloadPart"]["Bytes"])
            except botocore.exceptions.EventStreamError as error:
                result["stream_error"] = error.response["Error"]["Code"]
            data = b"".join(parts)
            result["parts"] = len(parts)
            result["bytes"] = base64.b64encode(data).decode("ascii")
            result["styles"] = styles(result["content_type"], data)
        except botocore.exceptions.ClientError as error:
            result["error"] = {"code": error.response["Error"]["Code"], "message": error.response["Error"]["Message"], "status": error.response["ResponseMetadata"]["HTTPStatusCode"], "error_code": error.response.get("ErrorCode")}
        results.append(result)
    print(json.dumps(results))


main()
