"""fakesens.py: a fake message dealer (NCP SENS's AlimTalk API), served by
fakehttp.py beside its payment gateway and webhook. Standard library only.

Credentials (fakehttp.py options): --sens-access-key (test-access),
--sens-secret-key (test-secret), --sens-service-id
(ncp:kkobizmsg:kr:1234:baedal), --sens-channel (@baedal).

Every request must carry x-ncp-apigw-timestamp (ms, within 5 minutes),
x-ncp-iam-access-key (the access key) and x-ncp-apigw-signature-v2 =
base64(HMAC-SHA256(secret key, "METHOD PATH\\nTIMESTAMP\\nACCESS_KEY")):
otherwise 401 {"error": {"errorCode", "message", "details"}}.

  POST /alimtalk/v2/services/{serviceId}/messages
      {"plusFriendId", "templateCode", "messages": [{"countryCode"?, "to",
       "content", "buttons"?, "useSmsFailover"?, "failoverConfig"?}]}
      202 {"requestId", "requestTime", "statusCode": "202", "statusName":
           "success", "messages": [{"messageId", "to", "countryCode",
           "content", "requestStatusCode": "A000", "requestStatusName",
           "requestStatusDesc", "useSmsFailover"}]}
      400 {"statusCode": "400", "statusName": "fail", "errorMessage"} when
          the channel or templateCode is unknown, a "to" is not a Korean
          mobile number, a content does not match its template (each
          #{변수} standing for one line of text), or useSmsFailover has no
          failoverConfig with "from" and "content"
      404 for another serviceId
  GET /alimtalk/v2/services/{serviceId}/messages/{messageId}
      the first time "messageStatusName": "processing"; then "success"
      ("messageStatusCode": "0000"), or "fail" (3019) for a number in the
      setting alimtalk_fail_to, with "failoverInfo": {"type",
      "messageStatusName": "success" or "fail" (for a number in
      sms_fail_to)} when the message asked for SMS failover; 404 for an
      unknown id.
"""

import base64
import hashlib
import hmac
import re
import time
import uuid

# The templates registered with the dealer, as baedal's notify service
# sends them (backend/services/notify/notify_alimtalk.c).
TEMPLATES = {
    "BDL_PAID": "[#{가게}] 주문이 결제되었습니다\n주문번호: #{주문번호}\n"
                "결제금액: #{금액}",
    "BDL_ACCEPTED": "[#{가게}] 주문이 접수되었습니다\n주문번호: #{주문번호}\n"
                    "도착 예정: 약 #{도착}분 후",
    "BDL_COOKING": "[#{가게}] 음식을 조리하고 있습니다\n주문번호: #{주문번호}",
    "BDL_DELIVERING": "[#{가게}] 배달이 시작되었습니다\n주문번호: #{주문번호}",
    "BDL_DELIVERED": "[#{가게}] 배달이 완료되었습니다. 맛있게 드세요!\n"
                     "주문번호: #{주문번호}",
    "BDL_CANCELLED": "[#{가게}] 주문이 취소되었습니다 (#{취소})\n"
                     "주문번호: #{주문번호}\n환불 예정: #{금액}",
    "BDL_REJECTED": "[#{가게}] 가게에서 주문을 거절했습니다\n사유: #{사유}\n"
                    "주문번호: #{주문번호}\n환불 예정: #{금액}",
    "BDL_PARTIAL_REFUND": "[#{가게}] 품절로 #{개수}개 항목이 환불되었어요\n"
                          "주문번호: #{주문번호}\n환불 금액: #{금액}",
}
MOBILE = re.compile(r"01[016789][0-9]{7,8}")
SETTINGS = {"alimtalk_fail_to": [], "sms_fail_to": []}
CONFIG = {"access_key": "test-access", "secret_key": "test-secret",
          "service_id": "ncp:kkobizmsg:kr:1234:baedal",
          "channel": "@baedal"}


def template_regex(text):
    parts = re.split(r"#\{[^}]+\}", text)
    return re.compile("([^\n]+)".join(re.escape(p) for p in parts))


TEMPLATE_RE = {code: template_regex(t) for code, t in TEMPLATES.items()}


def fail(status, message):
    return status, {"statusCode": str(status), "statusName": "fail",
                    "errorMessage": message}


def check_signature(method, path, headers):
    """An error message, or None when the request is signed right."""
    ts = headers.get("x-ncp-apigw-timestamp") or ""
    key = headers.get("x-ncp-iam-access-key") or ""
    sig = headers.get("x-ncp-apigw-signature-v2") or ""
    if not ts.isdigit() or abs(int(ts) - time.time() * 1000) > 300000:
        return "x-ncp-apigw-timestamp missing or more than 5 minutes off"
    if key != CONFIG["access_key"]:
        return "unknown access key"
    msg = "%s %s\n%s\n%s" % (method, path, ts, key)
    want = base64.b64encode(hmac.new(CONFIG["secret_key"].encode(),
                                     msg.encode(), hashlib.sha256).digest())
    if not hmac.compare_digest(want.decode(), sig):
        return "signature mismatch"
    return None


def check_message(code, m):
    if not isinstance(m, dict):
        return "a message is not an object"
    if not isinstance(m.get("to"), str) or not MOBILE.fullmatch(m["to"]):
        return "to: not a mobile number"
    content = m.get("content")
    if not isinstance(content, str) or not TEMPLATE_RE[code].fullmatch(content):
        return "content does not match template %s" % code
    if m.get("useSmsFailover"):
        fo = m.get("failoverConfig")
        if not isinstance(fo, dict) or not fo.get("from") or not fo.get("content"):
            return "useSmsFailover without failoverConfig from and content"
    return None


def send(state, body):
    if not isinstance(body, dict):
        return fail(400, "JSON object expected")
    if body.get("plusFriendId") != CONFIG["channel"]:
        return fail(400, "unknown plusFriendId")
    code = body.get("templateCode")
    if code not in TEMPLATES:
        return fail(400, "unknown templateCode")
    msgs = body.get("messages")
    if not isinstance(msgs, list) or not msgs:
        return fail(400, "messages: a non-empty list")
    for m in msgs:
        problem = check_message(code, m)
        if problem:
            return fail(400, problem)
    out = []
    for m in msgs:
        mid = str(uuid.uuid4())
        state.sens[mid] = {"to": m["to"], "polls": 0, "template": code,
                           "failover": bool(m.get("useSmsFailover"))}
        out.append({"messageId": mid, "to": m["to"], "countryCode": "82",
                    "content": m["content"], "requestStatusCode": "A000",
                    "requestStatusName": "success",
                    "requestStatusDesc": "성공",
                    "useSmsFailover": bool(m.get("useSmsFailover"))})
    return 202, {"requestId": "RALIM" + uuid.uuid4().hex[:12],
                 "requestTime": time.strftime("%Y-%m-%dT%H:%M:%S"),
                 "statusCode": "202", "statusName": "success",
                 "messages": out}


def result(state, mid, settings):
    m = state.sens.get(mid)
    if m is None:
        return fail(404, "no such message")
    m["polls"] += 1
    out = {"messageId": mid, "to": m["to"], "templateCode": m["template"],
           "plusFriendId": CONFIG["channel"], "requestStatusCode": "A000",
           "useSmsFailover": m["failover"]}
    if m["polls"] == 1:
        out.update(messageStatusName="processing", messageStatusCode="",
                   messageStatusDesc="발송 중")
    elif m["to"] not in settings.get("alimtalk_fail_to", []):
        out.update(messageStatusName="success", messageStatusCode="0000",
                   messageStatusDesc="정상 발송")
    else:
        out.update(messageStatusName="fail", messageStatusCode="3019",
                   messageStatusDesc="카카오톡 미사용자")
        if m["failover"]:
            sms_ok = m["to"] not in settings.get("sms_fail_to", [])
            out["failoverInfo"] = {
                "type": "LMS",
                "messageStatusName": "success" if sms_ok else "fail",
                "messageStatusCode": "0" if sms_ok else "3001"}
    return 200, out


def route(state, method, path, headers, body, settings):
    """(status, answer) for /alimtalk/...; state.lock held."""
    problem = check_signature(method, path, headers)
    if problem:
        return 401, {"error": {"errorCode": "200",
                               "message": "Authentication Failed",
                               "details": problem}}
    parts = [p for p in path.split("/") if p]
    if parts[:3] != ["alimtalk", "v2", "services"] or len(parts) < 5 \
            or parts[4] != "messages":
        return fail(404, "no such endpoint")
    if parts[3] != CONFIG["service_id"]:
        return fail(404, "no such service")
    if method == "POST" and len(parts) == 5:
        return send(state, body)
    if method == "GET" and len(parts) == 6:
        return result(state, parts[5], settings)
    return fail(404, "no such endpoint")
