from oauth2_provider.oauth2_validators import OAuth2Validator

# Users in this group signed in at the provider with a second factor: their ID token's `amr`
# claim (RFC 8176) says "mfa", as Entra ID's does after multi-factor sign-in.
MFA_GROUP = "provider-mfa"


class GroupsValidator(OAuth2Validator):
    """The ID token names the user, lists their groups, as Entra ID's does, and says how they
    signed in (`amr`: a password alone, or a password and a second factor)."""

    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "groups": "openid", "amr": "openid"}

    def get_additional_claims(self, request):
        user = request.user
        groups = sorted(user.groups.values_list("name", flat=True))
        return {
            "preferred_username": user.username,
            "email": user.email,
            "groups": [g for g in groups if g != MFA_GROUP],
            "amr": ["pwd", "mfa"] if MFA_GROUP in groups else ["pwd"],
        }
