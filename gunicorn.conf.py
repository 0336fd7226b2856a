"""gunicorn settings, read from the working directory by ``gunicorn wsgi:app`` (see README "Deployment").

The access log leaves out query strings (the applicant's PDF link carries a signed ``?token=``), the
Referer (it may hold one too) and the socket address (behind the proxy it is the proxy's, never the
person's). gunicorn writes it only when asked: ``--access-logfile -``.
"""

access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
