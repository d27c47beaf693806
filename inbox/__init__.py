"""Team toegang's inbox: API for the assistant, services for the staff pages, monitoring and retention."""
