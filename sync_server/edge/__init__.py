"""What the JSON API and the web pages share at the HTTP edge: Problem answers and their
statuses, the client's address behind trusted proxies, the request body cap and the security
headers of every answer. Both may import it; it imports neither.
"""
