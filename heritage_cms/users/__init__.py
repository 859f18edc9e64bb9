"""The platform's user model, in an app of its own so wagtailcore's migrations can depend on it."""
