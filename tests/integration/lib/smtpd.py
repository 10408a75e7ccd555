#!/usr/bin/python3
# smtpd.py - a real SMTP server for the forwarding tests, on Debian's
# python3-aiosmtpd: loopback, a port the kernel picks, STARTTLS required
# before AUTH (PLAIN and LOGIN) when a certificate is given, one user.
# Prints "listening <port>" once ready, then one JSON line per message
# received: its envelope, whether TLS and AUTH were used, and the file the
# message's bytes (as received after the DATA dot-unstuffing) were written to.
import argparse, asyncio, json, os, ssl, sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

p = argparse.ArgumentParser()
p.add_argument('--out', required=True)
p.add_argument('--cert')
p.add_argument('--key')
p.add_argument('--user')
p.add_argument('--password')
p.add_argument('--reject-rcpt', default='')
a = p.parse_args()

count = 0

class Handler:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if a.reject_rcpt and address == a.reject_rcpt:
            return '550 5.1.1 no such user'
        envelope.rcpt_tos.append(address)
        return '250 OK'

    async def handle_DATA(self, server, session, envelope):
        global count
        count += 1
        path = os.path.join(a.out, 'msg-%d.eml' % count)
        with open(path, 'wb') as f:
            f.write(envelope.original_content)
        data = getattr(session, 'auth_data', None)
        login = data.login.decode() if isinstance(data, LoginPassword) else None
        print(json.dumps({'file': path, 'from': envelope.mail_from, 'to': envelope.rcpt_tos,
                          'tls': session.ssl is not None, 'auth': login}), flush=True)
        return '250 OK stored'

def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == a.user \
        and auth_data.password.decode() == a.password
    return AuthResult(success=ok, handled=False, auth_data=auth_data)

async def main():
    ctx = None
    if a.cert:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(a.cert, a.key)
    kw = dict(hostname='smtp.test', decode_data=False, enable_SMTPUTF8=False)
    if ctx:
        kw.update(tls_context=ctx, require_starttls=True)
    if a.user:
        kw.update(authenticator=authenticator, auth_required=True, auth_require_tls=ctx is not None)
    loop = asyncio.get_running_loop()
    srv = await loop.create_server(lambda: SMTP(Handler(), **kw), '127.0.0.1', 0)
    print('listening %d' % srv.sockets[0].getsockname()[1], flush=True)
    await srv.serve_forever()

asyncio.run(main())
