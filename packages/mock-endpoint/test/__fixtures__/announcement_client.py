"""The client of the 2023 AWS announcement of SageMaker response streaming, as published
(LineIterator + json.loads), with the backslashes the copied text lost restored. It finds the
mock through AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME, like any boto3 >= 1.28 program would."""
import io
import json
import os
import sys

import boto3


class LineIterator:
    def __init__(self, stream):
        self.byte_iterator = iter(stream)
        self.buffer = io.BytesIO()
        self.read_pos = 0

    def __iter__(self):
        return self

    def __next__(self):
        while True:
            self.buffer.seek(self.read_pos)
            line = self.buffer.readline()
            if line and line[-1] == ord('\n'):
                self.read_pos += len(line)
                return line[:-1]
            try:
                chunk = next(self.byte_iterator)
            except StopIteration:
                if self.read_pos < self.buffer.getbuffer().nbytes:
                    continue
                raise
            if 'PayloadPart' not in chunk:
                print('Unknown event type:' + chunk)
                continue
            self.buffer.seek(0, io.SEEK_END)
            self.buffer.write(chunk['PayloadPart']['Bytes'])


smr = boto3.client('sagemaker-runtime', region_name='us-east-1')
endpoint_name = sys.argv[1]
custom_attributes = sys.argv[2] if len(sys.argv) > 2 else ''

body = {"inputs": "what is life", "parameters": {"max_new_tokens": 400}}
kwargs = {"EndpointName": endpoint_name, "Body": json.dumps(body), "ContentType": "application/json"}
if custom_attributes:
    kwargs["CustomAttributes"] = custom_attributes
try:
    resp = smr.invoke_endpoint_with_response_stream(**kwargs)
    event_stream = resp['Body']
    out = []
    for line in LineIterator(event_stream):
        resp = json.loads(line)
        out.append(resp.get("outputs")[0])
    print(json.dumps({"text": "".join(out), "content_type": None}))
except Exception as error:  # report what boto3 raised, for the test to check
    response = getattr(error, "response", {})
    print(json.dumps({"error": type(error).__name__, "code": response.get("Error", {}).get("Code"), "message": response.get("Error", {}).get("Message")}))
