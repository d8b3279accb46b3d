import datetime

import pytest
from django.utils import timezone
from oauth2_provider.models import AccessToken, Application

ALL_SCOPES = "system/Patient.read system/Questionnaire.read system/QuestionnaireResponse.read system/Observation.read"


@pytest.fixture
def ehr_application(db):
    """The clinic's EHR, registered for client credentials."""
    return Application.objects.create(
        name="EHR",
        client_id="ehr-client",
        client_secret="ehr-secret-value",
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
    )


def token_for(application, scope):
    return AccessToken.objects.create(
        application=application,
        token=f"token-{scope.replace('/', '-').replace(' ', '_')}",
        scope=scope,
        expires=timezone.now() + datetime.timedelta(hours=1),
    )


@pytest.fixture
def ehr(client, ehr_application):
    """A client calling the API with a token that has every read scope."""
    token = token_for(ehr_application, ALL_SCOPES)
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token.token}"
    return client


@pytest.fixture
def ehr_with_scope(client, ehr_application):
    def with_scope(scope):
        token = token_for(ehr_application, scope)
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token.token}"
        return client

    return with_scope
