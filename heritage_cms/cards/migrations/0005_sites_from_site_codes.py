"""Gates, products and revenue accounts named their site by a code string; each now points to
the Site row with that code (created here when no monument page had it)."""

from django.db import migrations


def codes_to_sites(apps, schema_editor):
    Site = apps.get_model("heritage_sites", "Site")
    Gate = apps.get_model("cards", "Gate")
    Product = apps.get_model("cards", "Product")
    Account = apps.get_model("cards", "Account")
    sites = {}

    def site(code):
        if code not in sites:
            sites[code], _created = Site.objects.get_or_create(code=code)
        return sites[code]

    for code in Gate.objects.values_list("site_code", flat=True).distinct():
        Gate.objects.filter(site_code=code).update(site=site(code))
    for code in Account.objects.exclude(site_code="").values_list("site_code", flat=True).distinct():
        Account.objects.filter(site_code=code).update(site=site(code))
    for product in Product.objects.all():
        product.sites.set([site(code) for code in dict.fromkeys(product.site_codes)])


def sites_to_codes(apps, schema_editor):
    Site = apps.get_model("heritage_sites", "Site")
    Gate = apps.get_model("cards", "Gate")
    Product = apps.get_model("cards", "Product")
    Account = apps.get_model("cards", "Account")
    for site in Site.objects.all():
        Gate.objects.filter(site=site).update(site_code=site.code)
        Account.objects.filter(site=site).update(site_code=site.code)
    for product in Product.objects.prefetch_related("sites"):
        product.site_codes = sorted(site.code for site in product.sites.all())
        product.save(update_fields=["site_codes"])


class Migration(migrations.Migration):

    dependencies = [
        ("cards", "0004_gate_product_account_sites"),
        ("heritage_sites", "0004_sites_from_monument_site_codes"),
    ]

    operations = [migrations.RunPython(codes_to_sites, sites_to_codes)]
