"""Problems fixed in public: status, owner unit, helpers, boards and time to resolution."""
