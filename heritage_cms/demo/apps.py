from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The Huế demo and the TEST MODE Stripe sandbox: installed by the development and test
    settings only, never by production (nor shipped in the wheel or the image)."""

    name = "heritage_cms.demo"
    verbose_name = "Demo"
