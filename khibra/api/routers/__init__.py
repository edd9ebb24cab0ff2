"""The API's endpoints, one module per area of the domain, each with a ninja `router`.

The API is a door above the domain: these modules call the domain apps' access rules, forms,
services and selectors; no domain app imports them."""
