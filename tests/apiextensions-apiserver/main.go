// Command apiextensions-apiserver runs Kubernetes' own CRD server (k8s.io/apiextensions-apiserver) alone, without a
// core kube-apiserver, so that tests meet the real structural-schema validation, defaulting, CEL rules, server-side
// apply, status and scale subresources for our CustomResourceDefinition. Built by
// scripts/build-apiextensions-apiserver.sh from Debian's packaged sources.
//
// It follows the stock main (k8s.io/apiextensions-apiserver/main.go, pkg/cmd/server/server.go and
// pkg/cmd/server/options/options.go) with what a server without a core API needs changed:
//   - no core API client and no admission plugins (both need a kube-apiserver to talk to);
//   - delegated authentication and authorization kubeconfigs optional: clients authenticate by certificate
//     (--client-ca-file) and the group system:masters is allowed everything, everyone else nothing;
//   - priority and fairness off (it needs the core flowcontrol API);
//   - the shared informer factory backed by an empty fake clientset, because the server wires Service listers
//     for webhook conversion into it;
//   - /apis discovery and the OpenAPI v2 document back on (apiserver.Config.Complete turns discovery off, the
//     stock options only set OpenAPI v3), because kubectl needs both.
package main

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"os"

	"github.com/spf13/cobra"
	noopoteltrace "go.opentelemetry.io/otel/trace/noop"

	"k8s.io/apiextensions-apiserver/pkg/apiserver"
	"k8s.io/apiextensions-apiserver/pkg/cmd/server/options"
	generatedopenapi "k8s.io/apiextensions-apiserver/pkg/generated/openapi"
	openapinamer "k8s.io/apiserver/pkg/endpoints/openapi"
	genericapiserver "k8s.io/apiserver/pkg/server"
	"k8s.io/apiserver/pkg/util/openapi"
	"k8s.io/apiserver/pkg/util/webhook"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes/fake"
	"k8s.io/client-go/kubernetes/scheme"
	"k8s.io/component-base/cli"
	netutils "k8s.io/utils/net"
)

func main() {
	o := options.NewCustomResourceDefinitionsServerOptions(os.Stdout, os.Stderr)
	o.RecommendedOptions.CoreAPI = nil
	o.RecommendedOptions.Admission = nil
	o.RecommendedOptions.Authentication.RemoteKubeConfigFileOptional = true
	o.RecommendedOptions.Authentication.SkipInClusterLookup = true
	o.RecommendedOptions.Authorization.RemoteKubeConfigFileOptional = true
	o.RecommendedOptions.Features.EnablePriorityAndFairness = false

	cmd := &cobra.Command{
		Use:   "apiextensions-apiserver",
		Short: "Kubernetes' CRD API server, standalone, for tests",
		PersistentPreRunE: func(*cobra.Command, []string) error {
			return o.ServerRunOptions.ComponentGlobalsRegistry.Set()
		},
		RunE: func(c *cobra.Command, _ []string) error {
			if err := o.Complete(); err != nil {
				return err
			}
			if err := o.Validate(); err != nil {
				return err
			}
			return run(c.Context(), o)
		},
	}
	cmd.SetContext(genericapiserver.SetupSignalContext())
	o.AddFlags(cmd.Flags())
	os.Exit(cli.Run(cmd))
}

func run(ctx context.Context, o *options.CustomResourceDefinitionsServerOptions) error {
	if err := o.RecommendedOptions.SecureServing.MaybeDefaultWithSelfSignedCerts("localhost", nil, []net.IP{netutils.ParseIPSloppy("127.0.0.1")}); err != nil {
		return fmt.Errorf("error creating self-signed certificates: %v", err)
	}

	serverConfig := genericapiserver.NewRecommendedConfig(apiserver.Codecs)
	if err := o.ServerRunOptions.ApplyTo(&serverConfig.Config); err != nil {
		return err
	}
	serverConfig.SharedInformerFactory = informers.NewSharedInformerFactory(fake.NewClientset(), 0)
	if err := o.RecommendedOptions.ApplyTo(serverConfig); err != nil {
		return err
	}
	if err := o.APIEnablement.ApplyTo(&serverConfig.Config, apiserver.DefaultAPIResourceConfigSource(), apiserver.Scheme); err != nil {
		return err
	}

	definitions := openapi.GetOpenAPIDefinitionsWithoutDisabledFeatures(generatedopenapi.GetOpenAPIDefinitions)
	namer := openapinamer.NewDefinitionNamer(apiserver.Scheme, scheme.Scheme)
	serverConfig.OpenAPIConfig = genericapiserver.DefaultOpenAPIConfig(definitions, namer)
	serverConfig.OpenAPIV3Config = genericapiserver.DefaultOpenAPIV3Config(definitions, namer)

	config := &apiserver.Config{
		GenericConfig: serverConfig,
		ExtraConfig: apiserver.ExtraConfig{
			CRDRESTOptionsGetter: options.NewCRDRESTOptionsGetter(*o.RecommendedOptions.Etcd, serverConfig.ResourceTransformers, serverConfig.StorageObjectCountTracker),
			ServiceResolver:      noServices{},
			AuthResolverWrapper:  webhook.NewDefaultAuthenticationInfoResolverWrapper(nil, nil, serverConfig.LoopbackClientConfig, noopoteltrace.NewTracerProvider()),
		},
	}
	completed := config.Complete()
	completed.GenericConfig.EnableDiscovery = true
	server, err := completed.New(genericapiserver.NewEmptyDelegate())
	if err != nil {
		return err
	}
	return server.GenericAPIServer.PrepareRun().RunWithContext(ctx)
}

// noServices answers conversion webhooks that name a Service: without a core API there are no Services.
type noServices struct{}

func (noServices) ResolveEndpoint(namespace, name string, _ int32) (*url.URL, error) {
	return nil, fmt.Errorf("service %s/%s: this server has no core API, so conversion webhooks must use a URL", namespace, name)
}
