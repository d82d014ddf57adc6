"""The client of the 2023 AWS announcement of SageMaker response streaming (LineIterator over
boto3's event stream, json.loads per line, the LMI 0.23 `{"outputs": [...]}` format), as
published, printing only the reply text. Its LineIterator loops forever when the last line has
no newline: `sagestream-mock check --endpoint mock-lmi-legacy` reports that as a hang.

    sagestream-mock check --endpoint mock-lmi-legacy -- python3 examples/clients/announcement_line_iterator.py
"""
import io
import json
import os

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


smr = boto3.client('sagemaker-runtime')
body = {"inputs": "what is life", "parameters": {"max_new_tokens": 4000}}
resp = smr.invoke_endpoint_with_response_stream(EndpointName=os.environ["SAGESTREAM_ENDPOINT"], Body=json.dumps(body), ContentType="application/json")
event_stream = resp['Body']
for line in LineIterator(event_stream):
    resp = json.loads(line)
    print(resp.get("outputs")[0], end='')
