"""A small OpenID Connect provider (django-oauth-toolkit) the single sign-on tests start as a real
server on a free port: users, groups, an app registration, RS256-signed ID tokens with a
"groups" claim, as Entra ID sends them. Test code only; never part of Sightline."""
